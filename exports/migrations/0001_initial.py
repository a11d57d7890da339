
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
                    name='ExportLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('layer', models.CharField(max_length=30)),
                        ('format', models.CharField(max_length=10)),
                        ('filters', models.JSONField(blank=True, default=dict)),
                        ('fields', models.JSONField(blank=True, default=list)),
                        ('personal_data', models.BooleanField(default=False)),
                        ('features', models.PositiveIntegerField(default=0)),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'export',
                        'verbose_name_plural': 'exports',
                        'db_table': 'spatial_exportlog',
                        'ordering': ['-at'],
                    },
                ),
            ],
        ),
    ]
