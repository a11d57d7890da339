"""Survey rows in SQL, set-based: COPY into a staging table, then a few
statements check every row at once (inside the kelurahan or how far outside,
swapped latitude/longitude, the RT by point-in-polygon, duplicates and
near-duplicates of stored records) and one INSERT … SELECT writes the accepted
rows. 100,000 rows are a dozen statements, not 100,000 queries.

The tables are UNLOGGED, in the schema ``survey_staging``, named by the upload
(``stage_<id>``, ``place_<id>``, ``ready_<id>``), so a checked upload keeps its
rows between the preview and the commit: committing is the insert from
``ready`` plus the duplicate check that must run again under the lock, without
reading the file again. They are dropped on commit, when the upload is checked
again, and by ``manage.py expire_uploads`` once their retention
(``WAKUNCAR_STAGING_HOURS``) has passed; a crash of the database server empties
unlogged tables, and a commit that finds them gone reads the file again.

``stage`` holds the parsed rows as COPY delivered them; ``place`` one narrow
row per located point with what the checks found: ``problem`` (out_of_range,
outside, boundary, swapped, no_rt) rejects a row, ``duplicate`` (imported,
repeat) or ``near`` (near, near_repeat) sets it aside; ``ready`` the accepted
rows as the layer's table takes them. Identifiers are composed with
psycopg2.sql; values are always parameters."""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from psycopg2 import sql

SCHEMA = "survey_staging"
KINDS = ("stage", "place", "ready")
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


def table_name(kind, key):
    return sql.Identifier(SCHEMA, f"{kind}_{int(key)}")


class Staging:
    """The staging tables of one upload (``key``: its record's id)."""

    def __init__(self, cursor, *, layer, kelurahan, key):
        self.cursor = cursor
        self.layer = layer
        self.kelurahan = kelurahan
        self.key = key
        self.table = sql.Identifier(layer.model._meta.db_table)
        self.stage, self.place, self.ready = (table_name(k, key) for k in KINDS)
        self.columns = []

    def run(self, template, params=(), **parts):
        """Execute ``template`` with {stage}, {place}, {ready}, {table} and
        ``parts`` (psycopg2.sql pieces) filled in."""
        query = sql.SQL(template).format(
            stage=self.stage,
            place=self.place,
            ready=self.ready,
            table=self.table,
            **parts,
        )
        self.cursor.execute(query, params)

    def fetch(self, template, params=(), **parts):
        self.run(template, params, **parts)
        return self.cursor.fetchall()

    def refuse_values(self, field, values, *, reason):
        """Reject the checked rows whose ``field`` holds one of ``values``,
        with ``reason`` (no personal data in it, so it is also the safe one)."""
        self.run(
            """UPDATE {stage} SET reason = %s, safe_reason = %s
            WHERE reason IS NULL AND {field} = ANY(%s)""",
            [reason, reason, list(values)],
            field=sql.Identifier(field),
        )

    def tune(self):
        # PostgreSQL's JIT spends longer compiling these statements than they
        # take to run. The sorts (DISTINCT ON) and groupings of 100,000 staged
        # rows spill to disk within the default 4 MB; one import per
        # connection can afford more.
        self.cursor.execute("SET jit = off")
        self.cursor.execute("SET work_mem = '64MB'")

    def untune(self):
        self.cursor.execute("RESET jit")
        self.cursor.execute("RESET work_mem")
        self.cursor.execute("RESET default_statistics_target")

    def create(self, columns):
        self.drop()
        self.tune()
        body = sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(c.name), sql.SQL(c.sql_type))
            for c in columns
        )
        # Unlogged: no WAL for rows that are either dropped or copied into the
        # layer's table (which logs them) within the retention.
        self.run("CREATE UNLOGGED TABLE {stage} ({body})", body=body)
        self.columns = columns

    def exists(self):
        """Whether every staging table of this upload is there (a crash of
        the database server, or expire_uploads, may have removed them)."""
        names = [f"{SCHEMA}.{kind}_{int(self.key)}" for kind in KINDS]
        self.cursor.execute(
            "SELECT count(to_regclass(n)) FROM unnest(%s::text[]) n", [names]
        )
        return self.cursor.fetchone()[0] == len(KINDS)

    def copy(self, chunks):
        names = sql.SQL(", ").join(sql.Identifier(c.name) for c in self.columns)
        query = sql.SQL("COPY {stage} ({names}) FROM STDIN").format(
            stage=self.stage, names=names
        )
        # copy_expert is psycopg2's own: its errors become Django's here, like
        # those of every other statement.
        with connection.wrap_database_errors:
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
        # Whether a point is inside is found as the table is made, not by an
        # UPDATE of every row after.
        kelurahan = [self.kelurahan.pk]
        self.run(
            """CREATE UNLOGGED TABLE {place} WITH (fillfactor = 50) AS
            SELECT s.*, CASE WHEN s.in_range AND ST_Covers(k.geom, s.geom) THEN NULL
                ELSE 'outside' END AS problem
            FROM (
                SELECT s.row, s.lon, s.lat, s.external_id, {name_key} AS name_key,
                    ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326) AS geom,
                    s.lon BETWEEN -180 AND 180 AND s.lat BETWEEN -90 AND 90
                        AS in_range,
                    false AS swapped, NULL::bigint AS rt_id,
                    NULL::float8 AS distance_m, NULL::text AS lies_in,
                    NULL::text AS duplicate,
                    NULL::bigint AS duplicate_of, NULL::text AS near,
                    NULL::bigint AS near_of, NULL::float8 AS near_m
                FROM {stage} s WHERE s.reason IS NULL
            ) s, spatial_kelurahan k WHERE k.id = %s""",
            kelurahan,
            name_key=name_key,
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
        """The RT of every point inside the kelurahan, by the rule the model
        follows (spatial.selectors.rt_covering): of the RTs whose boundary
        covers the point, the one with the lowest code, whichever kelurahan
        it is in. A point whose RT by that rule lies in another kelurahan (on
        their shared boundary) is that kelurahan's, and refused here."""
        self.run(
            """UPDATE {place} p SET rt_id = m.rt_id, problem = CASE
                WHEN m.kelurahan_id = %s THEN NULL ELSE 'boundary' END,
                lies_in = CASE WHEN m.kelurahan_id = %s THEN NULL ELSE m.name END
            FROM (
                SELECT DISTINCT ON (p.row) p.row, r.id AS rt_id, w.kelurahan_id,
                    k.name
                FROM {place} p
                JOIN spatial_rt r ON ST_Covers(r.geom, p.geom)
                JOIN spatial_rw w ON w.id = r.rw_id
                JOIN spatial_kelurahan k ON k.id = w.kelurahan_id
                WHERE p.problem IS NULL
                ORDER BY p.row, r.code
            ) m
            WHERE p.row = m.row""",
            [self.kelurahan.pk, self.kelurahan.pk],
        )
        if self.layer.requires_rt:
            self.run(
                """UPDATE {place} SET problem = 'no_rt'
                WHERE problem IS NULL AND rt_id IS NULL"""
            )
        else:
            self.run("UPDATE {place} SET rt_id = NULL WHERE problem = 'boundary'")
            self.run(
                "UPDATE {place} SET problem = NULL, lies_in = NULL "
                "WHERE problem = 'boundary'"
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
            ("near_repeat", self.place, "t.row", sql.SQL("t.name_key"), earlier),
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

    def prepare(self, *, keep_near, uploader):
        """The accepted rows as the layer's table takes them, in ``ready``:
        committing is then one INSERT … SELECT from a plain table, as close as
        it gets to the least any write into that table costs."""
        columns = self._ready_columns(uploader)
        self.run(
            """CREATE UNLOGGED TABLE {ready} AS
            SELECT {expressions}
            FROM {stage} s JOIN {place} p ON p.row = s.row
            LEFT JOIN spatial_rt r ON r.id = p.rt_id
            LEFT JOIN spatial_rw w ON w.id = r.rw_id
            WHERE {accepted}""",
            [param for _name, _expression, params in columns for param in params],
            expressions=sql.SQL(", ").join(
                sql.SQL("{} AS {}").format(expression, sql.Identifier(name))
                for name, expression, _params in columns
            ),
            accepted=self.accepted(keep_near=keep_near),
        )
        return self.cursor.rowcount

    def insert(self, *, survey_import, user, keep_near=None):
        """Write the ready rows whose record id is not stored in the kelurahan
        by now (another import may have stored them since the check), in one
        statement; returns how many. With ``keep_near`` (the command, which
        writes right after its check) the rows come straight from the checked
        stage, without a ready table in between."""
        columns = self._ready_columns(survey_import.user)
        given = self._commit_values(survey_import, user)
        if keep_near is None:
            source = sql.SQL("{ready} r").format(ready=self.ready)
            expressions = [sql.Identifier("r", name) for name, _e, _p in columns]
            params = []
        else:
            source = sql.SQL(
                """(SELECT {expressions}
                FROM {stage} s JOIN {place} p ON p.row = s.row
                LEFT JOIN spatial_rt r ON r.id = p.rt_id
                LEFT JOIN spatial_rw w ON w.id = r.rw_id
                WHERE {accepted}) r"""
            ).format(
                expressions=sql.SQL(", ").join(
                    sql.SQL("{} AS {}").format(e, sql.Identifier(n))
                    for n, e, _p in columns
                ),
                stage=self.stage,
                place=self.place,
                accepted=self.accepted(keep_near=keep_near),
            )
            expressions = [sql.Identifier("r", name) for name, _e, _p in columns]
            params = [p for _n, _e, ps in columns for p in ps]
        self.run(
            """INSERT INTO {table} ({targets})
            SELECT {expressions} FROM {source}
            WHERE NOT EXISTS (
                SELECT FROM {table} t
                WHERE t.kelurahan_id = %s AND t.external_id = r.external_id)""",
            [*given.values(), *params, self.kelurahan.pk],
            targets=sql.SQL(", ").join(
                map(sql.Identifier, [name for name, _e, _p in columns] + [*given])
            ),
            expressions=sql.SQL(", ").join(
                [*expressions, *(sql.Placeholder() for _ in given)]
            ),
            source=source,
        )
        return self.cursor.rowcount

    def _commit_values(self, survey_import, user):
        """Columns that the commit itself sets: the upload, and the fields the
        layer fills from who uploaded and who commits."""
        model = self.layer.model
        values = {"survey_import": survey_import.pk}
        values |= {
            k: getattr(v, "pk", v)
            for k, v in self.layer.user_values(
                uploader=survey_import.user, committer=user
            ).items()
        }
        return {model._meta.get_field(k).column: v for k, v in values.items()}

    def _ready_columns(self, uploader):
        """(column, SQL expression, params) for every column of the model's
        table that the checked rows, the place, the layer's derived SQL or the
        field's default give; the commit adds the rest."""
        model = self.layer.model
        staged = {c.name for c in self.columns} or self._staged_names()
        committed = {"survey_import"} | set(
            self.layer.user_values(uploader=uploader, committer=None)
        )
        fixed = {
            "geom": "p.geom",
            "rt": "p.rt_id",
            "external_id": "s.external_id",
            **self.layer.derived_sql,
        }
        columns = []
        for f in model._meta.concrete_fields:
            if f.primary_key or f.name in committed:
                continue
            if f.name == "kelurahan":
                columns.append((f.column, sql.Placeholder(), [self.kelurahan.pk]))
            elif f.name in fixed:
                columns.append((f.column, sql.SQL(fixed[f.name]), []))
            elif f.name in staged:
                columns.append((f.column, sql.Identifier("s", f.name), []))
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                columns.append((f.column, sql.SQL("now()"), []))
            elif f.has_default() or f.null or f.empty_strings_allowed:
                value = f.get_db_prep_save(f.get_default(), connection)
                columns.append(
                    (
                        f.column,
                        sql.SQL("{}::{}").format(
                            sql.Placeholder(), sql.SQL(f.db_type(connection))
                        ),
                        [value],
                    )
                )
            else:
                raise ImproperlyConfigured(
                    f"{model.__name__}.{f.name} gets no value from a survey import"
                )
        return columns

    def _staged_names(self):
        """The columns of ``stage`` when this object did not create it (a
        commit in a later request)."""
        self.cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) "
            "AND attnum > 0 AND NOT attisdropped",
            [f"{SCHEMA}.stage_{int(self.key)}"],
        )
        return {name for (name,) in self.cursor.fetchall()}

    def drop(self):
        self.run("DROP TABLE IF EXISTS {ready}, {place}, {stage}")


def staged_keys(cursor):
    """The upload ids that have staging tables."""
    cursor.execute(
        "SELECT DISTINCT split_part(tablename, '_', 2)::bigint FROM pg_tables "
        "WHERE schemaname = %s",
        [SCHEMA],
    )
    return {key for (key,) in cursor.fetchall()}
