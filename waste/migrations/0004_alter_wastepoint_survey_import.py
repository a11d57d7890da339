
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('waste', '0003_alter_wastepoint_created_by_and_more'),
        ('surveys', '0001_initial'),
    ]

    # State only: SurveyImport moved to surveys; the foreign key points at the same table.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='wastepoint',
                    name='survey_import',
                    field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='surveys.surveyimport'),
                ),
            ],
        ),
    ]
