from django.db import migrations

# The nearest TPS, TPS3R, TPST or bank sampah of every household is a KNN
# search (ORDER BY geom::geography <-> …) over active facilities only; a
# partial GiST index on the geography cast answers it from the index
# (perda.indicators.DISTANCE_SQL repeats the same predicate, so the planner
# may use it). Built here rather than in waste/ because only the Perda
# indicators ask for it.
FACILITY_KNN = """
CREATE INDEX IF NOT EXISTS perda_facility_geog_knn
    ON waste_wastepoint USING gist ((geom::geography))
    WHERE kind IN ('tps', 'tps3r', 'tpst', 'bank_sampah') AND status = 'active'
"""


class Migration(migrations.Migration):
    dependencies = [
        ("perda", "0001_initial"),
        ("waste", "0003_alter_wastepoint_created_by_and_more"),
    ]

    operations = [
        migrations.RunSQL(
            FACILITY_KNN, "DROP INDEX IF EXISTS perda_facility_geog_knn"
        ),
    ]
