"""Each household's nearest active TPS, TPS3R, TPST or bank sampah, kept in
perda_nearestfacility and brought up to date, set-based, before every read:

1. facilities that went away or moved since the last refresh (compared with
   perda_facilitystate) drop the rows that named them;
2. a facility that came or moved drops the rows of households now possibly
   closer to it (within their old distance of it);
3. every household in scope without a row, or moved since its row, gets one
   from a KNN search (ORDER BY geom::geography <-> … LIMIT 1) on the partial
   geography index of migration 0002.

Steps 1–2 are city-wide and cheap (few facilities change); step 3 touches
only what changed, so a page reads cached distances and pays the KNN search
(~50 µs a household) only for new or moved homes. The indicators run step 3
only when their distance pass finds a household without a current row
(perda.indicators.compute), which saves a join of the whole table on every
page. Each step under an advisory lock, so two pages at once do not race."""

from django.db import connection, transaction

from .kinds import FACILITY_KINDS, IN_SCOPE

LOCK = 1872_11  # pg_advisory_xact_lock key: Kota Metro, issue 11
# A facility this far (degrees, ~5.5 km here) from a household cannot be its
# new nearest unless its old nearest was farther still (handled below).
NEAR_DEGREES = 0.05
NEAR_METRES = 5_000

# Temporary tables of this transaction; dropped first as well, because a
# savepoint (a test, an outer atomic block) does not end the transaction.
CHANGED_FACILITIES = f"""
DROP TABLE IF EXISTS pg_temp.perda_now, pg_temp.perda_gone, pg_temp.perda_came;
CREATE TEMP TABLE perda_now ON COMMIT DROP AS
    SELECT id AS facility_id, geom FROM waste_wastepoint
    WHERE kind IN {FACILITY_KINDS} AND status = 'active';
CREATE TEMP TABLE perda_gone ON COMMIT DROP AS
    SELECT s.facility_id FROM perda_facilitystate s
    LEFT JOIN perda_now n ON n.facility_id = s.facility_id
    WHERE n.facility_id IS NULL OR NOT ST_Equals(n.geom, s.geom);
CREATE TEMP TABLE perda_came ON COMMIT DROP AS
    SELECT n.facility_id, n.geom FROM perda_now n
    LEFT JOIN perda_facilitystate s ON s.facility_id = n.facility_id
    WHERE s.facility_id IS NULL OR NOT ST_Equals(n.geom, s.geom);
"""  # noqa: S608 - module constants only

INVALIDATE = """
DELETE FROM perda_nearestfacility
WHERE facility_id IN (SELECT facility_id FROM perda_gone);
DELETE FROM perda_nearestfacility c
USING perda_came f
WHERE c.geom && ST_Expand(f.geom, %(degrees)s)
  AND ST_DWithin(c.geom::geography, f.geom::geography, c.metres);
DELETE FROM perda_nearestfacility
WHERE (metres IS NULL OR metres > %(metres)s)
  AND EXISTS (SELECT 1 FROM perda_came);
DELETE FROM perda_facilitystate
WHERE facility_id IN (SELECT facility_id FROM perda_gone);
INSERT INTO perda_facilitystate (facility_id, geom)
SELECT facility_id, geom FROM perda_came
ON CONFLICT (facility_id) DO UPDATE SET geom = EXCLUDED.geom;
"""

MEASURE = f"""
INSERT INTO perda_nearestfacility
    (household_id, kelurahan_id, facility_id, metres, geom)
SELECT h.id, h.kelurahan_id, n.id, n.metres, h.geom
FROM households_household h
LEFT JOIN perda_nearestfacility c
    ON c.household_id = h.id AND c.kelurahan_id = h.kelurahan_id
   AND {IN_SCOPE.format(alias="c")}
LEFT JOIN LATERAL (
    SELECT w.id, ST_Distance(w.geom::geography, h.geom::geography) AS metres
    FROM waste_wastepoint w
    WHERE w.kind IN {FACILITY_KINDS} AND w.status = 'active'
    ORDER BY w.geom::geography <-> h.geom::geography
    LIMIT 1
) n ON true
WHERE {IN_SCOPE.format(alias="h")}
  AND (c.household_id IS NULL OR NOT c.geom = h.geom)
ON CONFLICT (household_id) DO UPDATE
    SET kelurahan_id = EXCLUDED.kelurahan_id, facility_id = EXCLUDED.facility_id,
        metres = EXCLUDED.metres, geom = EXCLUDED.geom
"""  # noqa: S608 - module constants only

SWEEP = """
DELETE FROM perda_nearestfacility c
WHERE NOT EXISTS (SELECT 1 FROM households_household h WHERE h.id = c.household_id)
"""


def refresh(kelurahan_ids=None):
    """Bring the nearest facility of every household in ``kelurahan_ids``
    (all with None) up to date; returns how many were measured."""
    with transaction.atomic():
        forget_changed_facilities()
        return measure(kelurahan_ids)


def forget_changed_facilities():
    """Steps 1–2: drop what facilities that came, went or moved make wrong.
    Cheap (a few thousand facilities); run it before reading the rows."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
        cursor.execute(CHANGED_FACILITIES)
        cursor.execute(INVALIDATE, {"degrees": NEAR_DEGREES, "metres": NEAR_METRES})


def measure(kelurahan_ids=None):
    """Step 3: measure households in scope that have no row or moved."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
        cursor.execute(
            MEASURE,
            {"all": kelurahan_ids is None, "kelurahan": list(kelurahan_ids or ())},
        )
        return cursor.rowcount


def sweep():
    """Drop the rows of deleted households (reads ignore them already)."""
    with connection.cursor() as cursor:
        cursor.execute(SWEEP)
        return cursor.rowcount


def explain_measure(kelurahan_ids=None):
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN " + MEASURE,
            {"all": kelurahan_ids is None, "kelurahan": list(kelurahan_ids or ())},
        )
        return "\n".join(row[0] for row in cursor.fetchall())
