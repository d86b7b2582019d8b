#!/usr/bin/env bash
# deps.sh: make sure the system packages Site Atlas needs are installed.
#   scripts/deps.sh build   C libraries Fyne's cgo build needs (OpenGL, X11)
#   scripts/deps.sh test    the above, plus Xvfb/xdotool/ImageMagick for the window smoke test
#                           GDAL (ogr2ogr) for the KML and GeoPackage interoperability tests, exiftool
#                           for photo metadata, poppler (pdftotext) for PDF reports, age for encryption and
#                           PostgreSQL 15 + PostGIS 3 for the team project tests (scripts/pg-test-cluster.sh)
#   scripts/deps.sh package what scripts/package.sh needs: the mingw-w64 cross compiler for Windows,
#                           ImageMagick for the icon sizes, and the desktop/AppStream validators
#   scripts/deps.sh bench   the above, plus GDAL (ogr2ogr) for the side-by-side benchmarks
# As root it installs what is missing with apt-get; otherwise it names what is missing and stops.
set -euo pipefail
want=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev)
case "${1:-build}" in
  build) ;;
  test) want+=(xvfb xdotool imagemagick gdal-bin libimage-exiftool-perl poppler-utils age postgresql-15 postgresql-15-postgis-3) ;;
  package) want+=(gcc-mingw-w64-x86-64 imagemagick desktop-file-utils appstream xz-utils file) ;;
  bench) want+=(xvfb xdotool imagemagick gdal-bin libimage-exiftool-perl poppler-utils age time) ;;
  *) echo "usage: $0 [build|test|package|bench]" >&2; exit 2 ;;
esac
command -v go >/dev/null || { echo "Go is not installed: see https://go.dev/doc/install (Go 1.26, or an older Go that fetches it)" >&2; exit 1; }
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "Missing system packages: ${missing[*]} (this script knows apt only; install their equivalents)" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with:  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
