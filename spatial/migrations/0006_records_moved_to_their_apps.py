from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("spatial", "0005_survey_import_via_received"),
        ("surveys", "0001_initial"),
        ("exports", "0001_initial"),
        ("households", "0006_alter_household_survey_import"),
        ("waste", "0004_alter_wastepoint_survey_import"),
    ]

    # State only: SurveyImport now lives in surveys and ExportLog in exports,
    # each keeping its table (spatial_surveyimport, spatial_exportlog).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ExportLog"),
                migrations.DeleteModel(name="SurveyImport"),
            ],
        ),
    ]
