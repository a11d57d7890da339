from django.db import migrations, models

SOURCES = [
    "households_household",
    "landuse_idleplot",
    "waste_wastepoint",
    "spatial_rt",
    "spatial_rw",
    "spatial_kelurahan",
]

FUNCTION = """
CREATE OR REPLACE FUNCTION tiles_bump_generation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tiles_generation (source, generation) VALUES (TG_TABLE_NAME, 1)
    ON CONFLICT (source) DO UPDATE
        SET generation = tiles_generation.generation + 1;
    RETURN NULL;
END $$;
"""


def trigger_sql(table):
    return (
        f"CREATE TRIGGER tiles_generation_bump AFTER INSERT OR UPDATE OR DELETE "
        f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
        f"EXECUTE FUNCTION tiles_bump_generation();"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("households", "0001_initial"),
        ("landuse", "0001_initial"),
        ("waste", "0001_initial"),
        ("spatial", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Generation",
            fields=[
                (
                    "source",
                    models.CharField(max_length=63, primary_key=True, serialize=False),
                ),
                ("generation", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "tile generation"},
        ),
        migrations.RunSQL(FUNCTION, "DROP FUNCTION tiles_bump_generation() CASCADE;"),
        *[
            migrations.RunSQL(
                trigger_sql(table),
                f"DROP TRIGGER IF EXISTS tiles_generation_bump ON {table};",
            )
            for table in SOURCES
        ],
    ]
