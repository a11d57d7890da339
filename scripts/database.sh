#!/usr/bin/env bash
# Makes sure a PostGIS database answers at DATABASE_URL. With the default local
# URL it starts the local PostgreSQL cluster when none answers, then creates the
# role, the database and the postgis extension. A DATABASE_URL pointing
# elsewhere is only checked, never changed.
set -euo pipefail

as_postgres() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

local_url="postgis://${DB_USER}:${DB_PASS}@127.0.0.1:5432/${DB_NAME}"
if [ "${DATABASE_URL}" != "${local_url}" ]; then
	url="${DATABASE_URL/postgis:\/\//postgresql://}"
	if ! psql "$url" -tAc "SELECT postgis_version()" >/dev/null; then
		echo "DATABASE_URL does not reach a PostGIS database: fix it or unset it." >&2
		exit 1
	fi
	exit 0
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
	cluster=$(pg_lsclusters -h | awk '$1 == "15" {print $2; exit}')
	if [ -z "$cluster" ]; then
		${SUDO} pg_createcluster 15 main
		cluster=main
	fi
	echo "Starting PostgreSQL 15/${cluster}"
	${SUDO} pg_ctlcluster --skip-systemctl-redirect 15 "$cluster" start
	for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
fi

as_postgres psql -q -v ON_ERROR_STOP=1 -d postgres <<SQL >/dev/null
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', '${DB_USER}', '${DB_PASS}')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${DB_USER}')\gexec
SELECT format('CREATE DATABASE %I OWNER %I', '${DB_NAME}', '${DB_USER}')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '${DB_NAME}')\gexec
SQL
# PostGIS is not a trusted extension, so the superuser creates it. In template1
# too: the test databases pytest creates are copies of it, and the app role
# need not be a superuser.
for db in template1 "${DB_NAME}"; do
	as_postgres psql -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
done
