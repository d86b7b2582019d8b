#!/usr/bin/env bash
# test.sh: install what the tests need, then vet, staticcheck and run every test with the race detector;
# then build the installable packages (scripts/package.sh) and check them (scripts/check-packages.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
unformatted=$(gofmt -l cmd internal assets 2>/dev/null || true)
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted" >&2; exit 1; fi
go vet ./...
go tool staticcheck ./...
# The team project tests need a PostgreSQL server: a temporary one, stopped whatever happens.
eval "$(scripts/pg-test-cluster.sh start)"
if [ -n "${PGTEST_DIR:-}" ]; then trap 'scripts/pg-test-cluster.sh stop "$PGTEST_DIR"' EXIT; fi
go test -race -timeout 25m ./...
scripts/package.sh
scripts/check-packages.sh
