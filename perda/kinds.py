"""Which waste points the Perda indicators read as what."""

# A household's waste service: what "far from service" measures to.
FACILITY_KINDS = ("tps", "tps3r", "tpst", "bank_sampah")
# Reported spots that stay open until cleared.
SPOT_KINDS = ("illegal_dumping", "open_burning")
