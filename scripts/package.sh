#!/usr/bin/env bash
# package.sh: build the installable packages into dist/:
#   siteatlas_VERSION_amd64.deb              Debian/Ubuntu package (desktop entry, icons, file types)
#   siteatlas-VERSION-linux-amd64.tar.xz      Fyne's Linux bundle (`make install` inside, or `sudo make install`)
#   siteatlas-VERSION-windows-amd64.exe       Windows program, cross-built with mingw-w64
# The version is FyneApp.toml's, in one place; `fyne package` builds it into the program (Help > About).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh package
version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
build=$(sed -n 's/^ *Build *= *\([0-9]*\)$/\1/p' FyneApp.toml)
[ -n "$version" ] && [ -n "$build" ] || { echo "package.sh: no Version/Build in FyneApp.toml" >&2; exit 1; }
released=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)
work=$(mktemp -d)
# Built first, for this machine: the cross compiler set below is for what it packages.
GOBIN="$work" go install fyne.io/tools/cmd/fyne@v1.7.4
fyne=("$work/fyne")
# fyne package reads FyneApp.toml beside the sources it builds.
cp FyneApp.toml cmd/siteatlas/FyneApp.toml
trap 'rm -rf "$work" cmd/siteatlas/FyneApp.toml "cmd/siteatlas/Site Atlas.exe" "Site Atlas.tar.xz"' EXIT
rm -rf dist && mkdir -p dist
common=(--src cmd/siteatlas --release --icon "$PWD/assets/icon.png" --app-id org.siteatlas.siteatlas)

echo "package.sh: Linux bundle $version" >&2
"${fyne[@]}" package --os linux "${common[@]}"
mv "Site Atlas.tar.xz" "dist/siteatlas-$version-linux-amd64.tar.xz"

echo "package.sh: Debian package $version" >&2
deb="$work/deb"
tar -xJf "dist/siteatlas-$version-linux-amd64.tar.xz" -C "$work" siteatlas/usr/local/bin/siteatlas
install -D -m 0755 "$work/siteatlas/usr/local/bin/siteatlas" "$deb/usr/bin/siteatlas"
install -D -m 0644 scripts/package/org.siteatlas.siteatlas.desktop "$deb/usr/share/applications/org.siteatlas.siteatlas.desktop"
install -D -m 0644 scripts/package/siteatlas-mime.xml "$deb/usr/share/mime/packages/siteatlas.xml"
mkdir -p "$deb/usr/share/metainfo"
sed "s/@VERSION@/$version/; s/@DATE@/$released/" scripts/package/org.siteatlas.siteatlas.metainfo.xml \
  > "$deb/usr/share/metainfo/org.siteatlas.siteatlas.metainfo.xml"
for size in 16 32 48 64 128 256 512; do
  dir="$deb/usr/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  convert assets/icon.png -resize "${size}x${size}" -depth 8 -strip "$dir/org.siteatlas.siteatlas.png"
done
doc="$deb/usr/share/doc/siteatlas"
install -D -m 0644 scripts/package/copyright "$doc/copyright"
install -m 0644 LICENSE "$doc/LICENSE"
install -m 0644 assets/fonts/OFL.txt "$doc/OFL-fonts.txt"
gzip -9n -c README.md > "$doc/README.md.gz"
mkdir -p "$deb/DEBIAN"
cat > "$deb/DEBIAN/control" <<CONTROL
Package: siteatlas
Version: $version-$build
Architecture: amd64
Maintainer: The Site Atlas developers <siteatlas@users.noreply.github.com>
Installed-Size: $(du -sk "$deb/usr" | cut -f1)
Depends: libc6 (>= 2.34), libgl1, libx11-6, libxcursor1, libxrandr2, libxinerama1, libxi6, libxxf86vm1
Section: science
Priority: optional
Homepage: https://github.com/siteatlas/siteatlas
Description: map reported industrial sites with their sources and evidence, offline
 Site Atlas is a desktop map for researchers who document reported sites:
 factories, industrial complexes, restaurants, mines and dormitories. Each site
 keeps its sources with grades, dated observations and photos; confidential
 sources stay out of exports. It works offline with a built-in basemap and
 gazetteer and reads and writes GeoJSON, CSV, KML, GPX and GeoPackage.
CONTROL
dpkg-deb --root-owner-group -Zxz --build "$deb" "dist/siteatlas_${version}_amd64.deb" >/dev/null

echo "package.sh: Windows program $version" >&2
CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc "${fyne[@]}" package --os windows "${common[@]}"
mv "cmd/siteatlas/Site Atlas.exe" "dist/siteatlas-$version-windows-amd64.exe"

ls -l dist >&2
