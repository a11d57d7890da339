from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [
        # Checked rows wait here, in unlogged tables named by the upload,
        # until the commit or their retention (surveys.staging).
        migrations.RunSQL(
            "CREATE SCHEMA IF NOT EXISTS survey_staging",
            "DROP SCHEMA IF EXISTS survey_staging CASCADE",
        ),
        migrations.AddField(
            model_name="surveyimport",
            name="staged_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="surveyimport",
            name="size",
            field=models.PositiveBigIntegerField(default=0),
        ),
    ]
