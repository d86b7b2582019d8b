#!/usr/bin/env bash
# run.sh: install what the build needs, build Site Atlas and start it with any arguments given.
# With no arguments it opens the window on the default database
# ($XDG_DATA_HOME/siteatlas/atlas.db, with a sample project on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
go build -o siteatlas ./cmd/siteatlas
exec ./siteatlas "$@"
