
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('spatial', '0005_survey_import_via_received'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # State only: the model moved between apps and keeps its table.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SurveyImport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('layer', models.CharField(max_length=20)),
                        ('filename', models.CharField(max_length=255)),
                        ('file', models.FileField(blank=True, upload_to='imports/%Y/%m/')),
                        ('sha256', models.CharField(db_index=True, max_length=64)),
                        ('status', models.CharField(choices=[('received', 'Received, not checked yet'), ('previewed', 'Previewed'), ('committed', 'Committed'), ('checked', 'Checked only (dry run)'), ('failed', 'Failed')], max_length=10)),
                        ('via', models.CharField(choices=[('page', 'upload page'), ('command', 'command line')], default='page', max_length=10)),
                        ('created', models.PositiveIntegerField(default=0)),
                        ('duplicates', models.PositiveIntegerField(default=0)),
                        ('rejected', models.PositiveIntegerField(default=0)),
                        ('report', models.JSONField(blank=True, default=dict)),
                        ('kelurahan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='spatial.kelurahan')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'survey import',
                        'verbose_name_plural': 'survey imports',
                        'db_table': 'spatial_surveyimport',
                        'ordering': ['-at'],
                    },
                ),
            ],
        ),
    ]
