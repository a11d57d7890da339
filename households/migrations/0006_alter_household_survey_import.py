
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('households', '0005_drop_unused_indexes'),
        ('surveys', '0001_initial'),
    ]

    # State only: SurveyImport moved to surveys; the foreign key points at the same table.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='household',
                    name='survey_import',
                    field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='surveys.surveyimport'),
                ),
            ],
        ),
    ]
