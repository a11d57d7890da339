"""Which waste points the Perda indicators read as what."""

# A household's waste service: what "far from service" measures to.
FACILITY_KINDS = ("tps", "tps3r", "tpst", "bank_sampah")
# Reported spots that stay open until cleared.
SPOT_KINDS = ("illegal_dumping", "open_burning")

# Rows of the kelurahan in scope, or of all with %(all)s: psycopg2 writes the
# values in, so the planner sees "false OR …" and uses the kelurahan index.
IN_SCOPE = "(%(all)s OR {alias}.kelurahan_id = ANY(%(kelurahan)s::bigint[]))"
