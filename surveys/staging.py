"""Survey rows in SQL, set-based: COPY into a TEMP staging table, then a few
statements check every row at once (inside the kelurahan or how far outside,
swapped latitude/longitude, the RT by point-in-polygon, duplicates and
near-duplicates of stored records) and one INSERT … SELECT writes the accepted
rows. 100,000 rows are a dozen statements, not 100,000 queries.

``survey_stage`` holds the parsed rows as COPY delivered them; ``survey_place``
one narrow row per located point with what the checks found:
``problem`` (out_of_range, outside, swapped, no_rt) rejects a row,
``duplicate`` (imported, repeat) or ``near`` (near, near_repeat) sets it aside.
Identifiers are composed with psycopg2.sql; values are always parameters."""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from psycopg2 import sql

STAGE = sql.Identifier("survey_stage")
PLACE = sql.Identifier("survey_place")
# Degrees that span at least a metre up to 60° of latitude: a bounding-box
# prefilter before the exact distance on the geography type.
DEGREES_PER_METRE = 1 / 55_000
NAME_KEY = "lower(regexp_replace(btrim({}), '\\s+', ' ', 'g'))"


# The other record ("t": a stored one, or an earlier row of the file) nearest
# to each row with the same name key.
NEAR_DUPLICATES = """UPDATE {place} p SET near = %s, near_of = c.other, near_m = c.m
FROM (
    SELECT DISTINCT ON (p.row) p.row, {other} AS other,
        ST_Distance(t.geom::geography, p.geom::geography) AS m
    FROM {place} p
    JOIN {source} t ON ST_DWithin(t.geom, p.geom, %s) AND {key} = p.name_key
    WHERE p.problem IS NULL AND p.duplicate IS NULL AND {extra}
      AND ST_DWithin(t.geom::geography, p.geom::geography, %s)
    ORDER BY p.row, m
) c
WHERE p.row = c.row AND p.near IS NULL"""


class ChunkStream:
    """A file-like object over text chunks, for psycopg2's copy_expert; each
    read returns the next chunk whole."""

    def __init__(self, chunks):
        self._chunks = iter(chunks)

    def read(self, size=-1):
        return next(self._chunks, "")


class Staging:
    def __init__(self, cursor, *, layer, kelurahan):
        self.cursor = cursor
        self.layer = layer
        self.kelurahan = kelurahan
        self.table = sql.Identifier(layer.model._meta.db_table)
        self.columns = []

    def run(self, template, params=(), **parts):
        """Execute ``template`` with {stage}, {place}, {table} and ``parts``
        (psycopg2.sql pieces) filled in."""
        query = sql.SQL(template).format(
            stage=STAGE, place=PLACE, table=self.table, **parts
        )
        self.cursor.execute(query, params)

    def fetch(self, template, params=(), **parts):
        self.run(template, params, **parts)
        return self.cursor.fetchall()

    def create(self, columns):
        self.drop()
        # PostgreSQL's JIT spends longer compiling these statements than they
        # take to run.
        self.cursor.execute("SET jit = off")
        # The sorts (DISTINCT ON) and groupings of 100,000 staged rows spill to
        # disk within the default 4 MB; one import per connection can afford more.
        self.cursor.execute("SET work_mem = '64MB'")
        body = sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(c.name), sql.SQL(c.sql_type))
            for c in columns
        )
        self.run("CREATE TEMP TABLE {stage} ({body})", body=body)
        self.columns = columns

    def copy(self, chunks):
        names = sql.SQL(", ").join(sql.Identifier(c.name) for c in self.columns)
        query = sql.SQL("COPY {stage} ({names}) FROM STDIN").format(
            stage=STAGE, names=names
        )
        self.cursor.copy_expert(query, ChunkStream(chunks))

    def locate(self, *, lat_lon, fix_swapped):
        """Every located row: in range, inside the kelurahan or how far out,
        and for latitude/longitude files whether the two look swapped."""
        same_name = self.layer.same_name
        name_key = (
            sql.SQL(NAME_KEY).format(sql.Identifier("s", same_name))
            if same_name
            else sql.SQL("NULL")
        )
        # Half-full pages: the checks below update every row, and with room on
        # the page PostgreSQL updates in place (HOT) without new index entries.
        self.run(
            """CREATE TEMP TABLE {place} WITH (fillfactor = 50) AS
            SELECT s.row, s.lon, s.lat, s.external_id, {name_key} AS name_key,
                ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326) AS geom,
                s.lon BETWEEN -180 AND 180 AND s.lat BETWEEN -90 AND 90 AS in_range,
                false AS swapped, NULL::bigint AS rt_id, NULL::text AS problem,
                NULL::float8 AS distance_m, NULL::text AS lies_in,
                NULL::text AS duplicate,
                NULL::bigint AS duplicate_of, NULL::text AS near,
                NULL::bigint AS near_of, NULL::float8 AS near_m
            FROM {stage} s WHERE s.reason IS NULL""",
            name_key=name_key,
        )
        kelurahan = [self.kelurahan.pk]
        self.run(
            """UPDATE {place} p SET problem = 'outside' FROM spatial_kelurahan k
            WHERE k.id = %s AND NOT (p.in_range AND ST_Covers(k.geom, p.geom))""",
            kelurahan,
        )
        if lat_lon:
            self.run(
                """UPDATE {place} p SET swapped = true FROM spatial_kelurahan k
                WHERE k.id = %s AND p.problem = 'outside' AND ST_Covers(
                    k.geom, ST_SetSRID(ST_MakePoint(p.lat, p.lon), 4326))""",
                kelurahan,
            )
            if fix_swapped:
                self.run(
                    """UPDATE {place} SET problem = NULL, in_range = true,
                        geom = ST_SetSRID(ST_MakePoint(lat, lon), 4326)
                    WHERE swapped"""
                )
            else:
                self.run("UPDATE {place} SET problem = 'swapped' WHERE swapped")
        self.run(
            """UPDATE {place} SET problem = 'out_of_range'
            WHERE problem = 'outside' AND NOT in_range"""
        )
        self.run(
            """UPDATE {place} p
            SET distance_m = ST_Distance(k.geom::geography, p.geom::geography)
            FROM spatial_kelurahan k WHERE k.id = %s AND p.problem = 'outside'""",
            kelurahan,
        )
        # The kelurahan a point outside lies in, if any: the file may be
        # meant for it.
        self.run(
            """UPDATE {place} p SET lies_in = k.name FROM spatial_kelurahan k
            WHERE p.problem = 'outside' AND ST_Covers(k.geom, p.geom)"""
        )
        self.run("CREATE INDEX ON {place} USING gist (geom)")
        # Without statistics the planner joins 100,000 points by nested loops
        # (seconds); a small sample is enough to choose the index.
        self.cursor.execute("SET default_statistics_target = 10")
        self.run("ANALYZE {place}")

    def assign_rts(self):
        """The RT of every point inside the kelurahan, by point-in-polygon; on a
        shared edge the RT with the lowest code wins, as in rt_covering()."""
        self.run(
            """UPDATE {place} p SET rt_id = m.rt_id
            FROM (
                SELECT DISTINCT ON (p.row) p.row, r.id AS rt_id
                FROM {place} p
                JOIN spatial_rt r ON ST_Covers(r.geom, p.geom)
                JOIN spatial_rw w ON w.id = r.rw_id
                WHERE w.kelurahan_id = %s AND p.problem IS NULL
                ORDER BY p.row, r.code
            ) m
            WHERE p.row = m.row""",
            [self.kelurahan.pk],
        )
        if self.layer.requires_rt:
            self.run(
                """UPDATE {place} SET problem = 'no_rt'
                WHERE problem IS NULL AND rt_id IS NULL"""
            )

    def mark_duplicates(self):
        """Rows already stored (same record id in this kelurahan), and rows
        repeating an earlier row of the file."""
        self.mark_stored()
        self.run(
            """UPDATE {place} p SET duplicate = 'repeat', duplicate_of = d.first
            FROM (
                SELECT external_id, min(row) AS first FROM {place}
                WHERE problem IS NULL
                GROUP BY external_id HAVING count(*) > 1
            ) d
            WHERE p.external_id = d.external_id AND p.row > d.first
              AND p.problem IS NULL AND p.duplicate IS NULL"""
        )

    def mark_stored(self):
        """Rows whose record id is stored in this kelurahan already."""
        self.run(
            """UPDATE {place} p SET duplicate = 'imported', duplicate_of = t.id
            FROM {table} t
            WHERE t.kelurahan_id = %s AND t.external_id = p.external_id
              AND p.problem IS NULL AND p.duplicate IS NULL""",
            [self.kelurahan.pk],
        )

    def mark_near_duplicates(self, *, metres):
        """Rows within ``metres`` of a stored record, or of an earlier row,
        with the same ``layer.same_name`` (the head of household)."""
        if not self.layer.same_name:
            return
        stored = sql.SQL(NAME_KEY).format(sql.Identifier("t", self.layer.same_name))
        earlier = "t.row < p.row AND t.problem IS NULL AND t.duplicate IS NULL"
        # Stored records of this kelurahan only: the one the uploader works in.
        this_kelurahan = sql.SQL("t.kelurahan_id = {}").format(
            sql.Literal(self.kelurahan.pk)
        )
        for kind, source, other, key, extra in (
            ("near", self.table, "t.id", stored, this_kelurahan),
            ("near_repeat", PLACE, "t.row", sql.SQL("t.name_key"), earlier),
        ):
            self.run(
                NEAR_DUPLICATES,
                [kind, metres * DEGREES_PER_METRE, metres],
                source=source,
                other=sql.SQL(other),
                key=key,
                extra=extra if isinstance(extra, sql.Composable) else sql.SQL(extra),
            )

    def accepted(self, *, keep_near):
        condition = "p.problem IS NULL AND p.duplicate IS NULL"
        return sql.SQL(condition + ("" if keep_near else " AND p.near IS NULL"))

    def insert(self, *, keep_near, survey_import, user):
        """Write the accepted rows in one statement; returns how many."""
        targets, expressions, params = self._insert_columns(survey_import, user)
        self.run(
            """INSERT INTO {table} ({targets})
            SELECT {expressions}
            FROM {stage} s JOIN {place} p ON p.row = s.row
            LEFT JOIN spatial_rt r ON r.id = p.rt_id
            LEFT JOIN spatial_rw w ON w.id = r.rw_id
            WHERE {accepted}""",
            params,
            targets=sql.SQL(", ").join(targets),
            expressions=sql.SQL(", ").join(expressions),
            accepted=self.accepted(keep_near=keep_near),
        )
        return self.cursor.rowcount

    def _insert_columns(self, survey_import, user):
        """Every column of the model's table, from the staged row, the place,
        the layer's derived SQL, the user or the field's default."""
        model = self.layer.model
        staged = {c.name for c in self.columns}
        given = {
            "kelurahan": self.kelurahan.pk,
            "survey_import": survey_import.pk,
            **{
                k: getattr(v, "pk", v)
                for k, v in self.layer.user_values(
                    uploader=survey_import.user, committer=user
                ).items()
            },
        }
        fixed = {
            "geom": "p.geom",
            "rt": "p.rt_id",
            "external_id": "s.external_id",
            **self.layer.derived_sql,
        }
        targets, expressions, params = [], [], []
        for f in model._meta.concrete_fields:
            if f.primary_key:
                continue
            targets.append(sql.Identifier(f.column))
            if f.name in fixed:
                expressions.append(sql.SQL(fixed[f.name]))
            elif f.name in given:
                expressions.append(sql.Placeholder())
                params.append(given[f.name])
            elif f.name in staged:
                expressions.append(sql.Identifier("s", f.name))
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                expressions.append(sql.SQL("now()"))
            elif f.has_default() or f.null or f.empty_strings_allowed:
                expressions.append(sql.Placeholder())
                params.append(f.get_db_prep_save(f.get_default(), connection))
            else:
                raise ImproperlyConfigured(
                    f"{model.__name__}.{f.name} gets no value from a survey import"
                )
        return targets, expressions, params

    def drop(self):
        self.run("DROP TABLE IF EXISTS {place}, {stage}")
        self.cursor.execute("RESET jit")
        self.cursor.execute("RESET work_mem")
        self.cursor.execute("RESET default_statistics_target")
