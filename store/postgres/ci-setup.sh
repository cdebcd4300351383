#!/usr/bin/env bash
# Sets up a local PostgreSQL for the store/postgres tests on a Debian
# machine, idempotently: installs the server if missing, starts the cluster,
# creates the role and database, and prints the URL to export as
# CLEARANCE_TEST_POSTGRES. Run as root (CI) or with sudo.
#
#   export CLEARANCE_TEST_POSTGRES="$(store/postgres/ci-setup.sh | tail -n1)"
#
# Each test creates and drops its own schema in this database, so runs do
# not interfere.
set -euo pipefail

role=clearance
db=clearance_test
password=clearance
port=5432

if ! command -v pg_ctlcluster >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

# The newest installed major version; Debian creates a "main" cluster for it.
version=$(ls /usr/lib/postgresql | sort -n | tail -n1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  pg_createcluster "$version" main >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start >&2
fi

# Wait until it accepts connections (start returns before that on slow machines).
for _ in $(seq 1 30); do
  if su postgres -c "psql -p $port -qtAc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done

psql_admin() { su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qtA $*"; }
if [ "$(psql_admin "-c \"select 1 from pg_roles where rolname='$role'\"")" != 1 ]; then
  psql_admin "-c \"create role $role login password '$password'\"" >&2
fi
if [ "$(psql_admin "-c \"select 1 from pg_database where datname='$db'\"")" != 1 ]; then
  psql_admin "-c \"create database $db owner $role\"" >&2
fi

echo "postgres://$role:$password@127.0.0.1:$port/$db?sslmode=disable"
