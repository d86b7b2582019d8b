#!/usr/bin/env bash
# compare.sh: Site Atlas side by side with GDAL on the same files, on the same
# machine, in the same run. From a fresh clone:
#
#   bench/compare.sh                  # 100,000 and 1,000,000 sites, 3 runs each
#   SIZES=100000 RUNS=5 bench/compare.sh
#
# It takes about an hour on two shared cores (a million-site import is
# minutes for either tool) and needs ~10 GB of disk.
#
# For each size it generates a deterministic GeoJSON file (cmd/sitegen), then,
# alternating which tool goes first in each run:
#   import:  siteatlas import --db X.db FILE     vs  ogr2ogr -f GPKG X.gpkg FILE
#   export:  siteatlas export --db X.db -o OUT    vs  ogr2ogr -f GeoJSON OUT X.gpkg
# timing each with /usr/bin/time -v (wall clock, peak resident memory), and
# prints medians and ratios (ours / GDAL: below 1.0 is faster / smaller).
# With the largest database it also records search and bbox latency
# (bench/prof -query), renderer frame times (internal/render benchmarks) and
# the time from starting the app under Xvfb to its first drawn frame.
#
# Environment: SIZES, RUNS, BENCH_DIR (work files, ~10 GB for a million
# sites; default /tmp/siteatlas-bench), SKIP_EXTRAS=1 to time only the tools.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
SIZES=${SIZES:-"100000 1000000"}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-/tmp/siteatlas-bench}
mkdir -p "$BENCH_DIR"
out="$BENCH_DIR/results.txt"

scripts/deps.sh bench
command -v ogr2ogr >/dev/null || { echo "ogr2ogr not found: install gdal-bin" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found: install time" >&2; exit 1; }

echo "building ..." >&2
go build -o "$BENCH_DIR/siteatlas" ./cmd/siteatlas
go build -o "$BENCH_DIR/sitegen" ./cmd/sitegen
go build -o "$BENCH_DIR/prof" ./bench/prof
sa="$BENCH_DIR/siteatlas"

# measure NAME LOGFILE CMD...: runs CMD under /usr/bin/time, appends
# "NAME wall_seconds maxrss_kib cpu_seconds" to $BENCH_DIR/raw.txt and
# fails if CMD fails. CPU seconds (user + system) are what to compare when
# other work shares the machine: wall clock then depends on who else runs.
measure() {
  local name=$1 log=$2; shift 2
  sync
  if ! /usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1; then
    echo "$name failed; see $log" >&2
    tail -5 "$log" >&2
    exit 1
  fi
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log.time")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$log.time")
  echo "$name $wall $rss $cpu" >>"$BENCH_DIR/raw.txt"
  printf '  %-28s %8.2f s %8.1f MiB %8.2f s CPU\n' "$name" "$wall" "$(div "$rss" 1024)" "$cpu" >&2
}

div() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.4f", a / b}'; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -v n="$1" -v c="$2" '$1==n {print $c}' "$BENCH_DIR/raw.txt" | median; }

: >"$BENCH_DIR/raw.txt"
for n in $SIZES; do
  src="$BENCH_DIR/sites-$n.geojson"
  [ -s "$src" ] || { echo "generating $n sites ..." >&2; "$BENCH_DIR/sitegen" -n "$n" -seed 1 -o "$src"; }
  d="$BENCH_DIR/$n"
  mkdir -p "$d"
  for run in $(seq 1 "$RUNS"); do
    echo "$n sites, run $run of $RUNS" >&2
    ours_import() {
      rm -f "$d/sa.db" "$d/sa.db-wal" "$d/sa.db-shm"
      measure "import-siteatlas-$n" "$d/import-sa.log" "$sa" import --db "$d/sa.db" "$src"
    }
    gdal_import() {
      rm -f "$d/g.gpkg" "$d/g.gpkg-wal" "$d/g.gpkg-shm" "$d/g.gpkg-journal"
      measure "import-gdal-$n" "$d/import-gdal.log" ogr2ogr -f GPKG "$d/g.gpkg" "$src"
    }
    ours_export() {
      rm -f "$d/out-sa.geojson"
      measure "export-siteatlas-$n" "$d/export-sa.log" "$sa" export --db "$d/sa.db" --include-confidential -o "$d/out-sa.geojson"
    }
    gdal_export() {
      rm -f "$d/out-gdal.geojson"
      measure "export-gdal-$n" "$d/export-gdal.log" ogr2ogr -f GeoJSON "$d/out-gdal.geojson" "$d/g.gpkg"
    }
    if [ $((run % 2)) -eq 1 ]; then
      ours_import; gdal_import; ours_export; gdal_export
    else
      gdal_import; ours_import; gdal_export; ours_export
    fi
  done
  ls -l "$src" "$d/sa.db" "$d/g.gpkg" "$d/out-sa.geojson" "$d/out-gdal.geojson" >"$d/sizes.txt"
done

{
  echo "Side by side with GDAL ($(ogr2ogr --version | head -1)), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM,"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(. /etc/os-release && echo "$PRETTY_NAME"), $(go version | cut -d' ' -f3); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "medians of $RUNS alternating runs; ratio = Site Atlas / GDAL (below 1.0: Site Atlas is faster or smaller)"
  echo
  printf '| %-7s | %-10s | %11s | %11s | %10s | %13s | %13s | %9s | %13s | %13s | %9s |\n' "op" "sites" "siteatlas s" "ogr2ogr s" "time ratio" \
    "siteatlas CPU" "ogr2ogr CPU" "CPU ratio" "siteatlas MiB" "ogr2ogr MiB" "mem ratio"
  printf '|---------|------------|-------------|-------------|------------|---------------|---------------|-----------|---------------|---------------|-----------|\n'
  for op in import export; do
    for n in $SIZES; do
      ts=$(col "$op-siteatlas-$n" 2); tg=$(col "$op-gdal-$n" 2)
      ms=$(col "$op-siteatlas-$n" 3); mg=$(col "$op-gdal-$n" 3)
      cs=$(col "$op-siteatlas-$n" 4); cg=$(col "$op-gdal-$n" 4)
      printf '| %-7s | %10s | %11.2f | %11.2f | %10.2f | %13.2f | %13.2f | %9.2f | %13.1f | %13.1f | %9.2f |\n' "$op" "$n" "$ts" "$tg" "$(div "$ts" "$tg")" \
        "$cs" "$cg" "$(div "$cs" "$cg")" "$(div "$ms" 1024)" "$(div "$mg" 1024)" "$(div "$ms" "$mg")"
    done
  done
} | tee "$out"

[ "${SKIP_EXTRAS:-}" = 1 ] && exit 0
big=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)
db="$BENCH_DIR/$big/sa.db"

echo | tee -a "$out"
echo "Opening the $big-site database (store.Open, what every command and the window do first):" | tee -a "$out"
"$BENCH_DIR/prof" -db "$db" -open | tee -a "$out"

echo | tee -a "$out"
echo "Search and bbox latency on the $big-site database (bench/prof -query):" | tee -a "$out"
"$BENCH_DIR/prof" -db "$db" -query | tee -a "$out"

echo | tee -a "$out"
echo "Store benchmarks (internal/store, whatever search/bbox benchmarks exist):" | tee -a "$out"
go test -run '^$' -bench 'Search|BBox|Bbox|Query|FTS' -benchtime 5x -timeout 30m ./internal/store 2>&1 | grep -E '^(Benchmark|ok|FAIL|---)' | tee -a "$out" || true

echo | tee -a "$out"
echo "Renderer frame times, 1280x800, one core (internal/render BenchmarkFrame, 1,000,000 sites):" | tee -a "$out"
go test -run '^$' -bench 'BenchmarkFrame/sites=1000000' -cpu 1 -benchtime 20x -timeout 30m ./internal/render 2>&1 | grep -E '^(Benchmark|ok|FAIL|---)' | tee -a "$out" || true

echo | tee -a "$out"
echo "Start to first drawn frame under Xvfb with the $big-site database (bench/firstframe.sh):" | tee -a "$out"
bench/firstframe.sh "$sa" "$db" 3 | tee -a "$out" || true
echo "results in $out" >&2
