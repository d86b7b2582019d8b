#!/usr/bin/env bash
# firstframe.sh BINARY DB [RUNS]: time from starting Site Atlas on DB under a
# fresh Xvfb to the first frame of the map shown and to the first frame with
# the sites in it (the window loads the sites in the background and redraws).
# The app reports both itself when SITEATLAS_TRACE_FIRST_FRAME is set, timed
# from its own start (process start to package initialisation, a few ms, is
# not counted); a screenshot of the screen afterwards confirms the map is
# really drawn.
set -euo pipefail
bin=$1 db=$2 runs=${3:-3}
command -v Xvfb >/dev/null || { echo "Xvfb not found: scripts/deps.sh test installs it" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for run in $(seq 1 "$runs"); do
  disp=:$((90 + RANDOM % 400))
  Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xpid=$!
  sleep 1
  sync
  HOME=$tmp XDG_DATA_HOME=$tmp/data DISPLAY=$disp SITEATLAS_TRACE_FIRST_FRAME=1 "$bin" --db "$db" >"$tmp/app.log" 2>&1 &
  apid=$!
  for _ in $(seq 900); do
    grep -q "first frame with" "$tmp/app.log" && break
    kill -0 "$apid" 2>/dev/null || break
    sleep 0.1
  done
  colors=""
  if command -v import >/dev/null; then
    colors=$(DISPLAY=$disp import -silent -window root -crop 600x400+340+200 +repage png:- 2>/dev/null | identify -format '%k' - 2>/dev/null || true)
  fi
  kill "$apid" 2>/dev/null || true; wait "$apid" 2>/dev/null || true
  kill "$xpid" 2>/dev/null || true; wait "$xpid" 2>/dev/null || true
  first=$(sed -n 's/.*first frame shown \([0-9]*\) ms.*/\1/p' "$tmp/app.log")
  sites=$(sed -n 's/.*first frame with \([0-9]*\) sites shown \([0-9]*\) ms.*/\2 ms (\1 sites)/p' "$tmp/app.log")
  if [ -z "$first" ]; then
    echo "run $run: no frame within 90 s"; tail -3 "$tmp/app.log"
    continue
  fi
  echo "run $run: first frame ${first} ms, first frame with sites ${sites:-none within 90 s}; map area colours in a screenshot: ${colors:-?}"
done
