#!/usr/bin/env bash
# check-packages.sh: check what scripts/package.sh wrote to dist/.
# The .deb's metadata and contents, the desktop entry and AppStream file validate, the program
# runs from the package, the Windows program is a GUI executable for x86-64 (and prints its usage
# under wine64 where that is installed). As root with CI set, the .deb is installed with apt-get,
# started from its desktop entry on a fresh HOME under Xvfb (it must create the sample project),
# and removed again; elsewhere the package is unpacked into a temporary folder instead.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
deb="dist/siteatlas_${version}_amd64.deb"
exe="dist/siteatlas-$version-windows-amd64.exe"
tarball="dist/siteatlas-$version-linux-amd64.tar.xz"
fail() { echo "check-packages: $*" >&2; exit 1; }
for f in "$deb" "$exe" "$tarball"; do [ -s "$f" ] || fail "$f is missing: run scripts/package.sh"; done

info=$(dpkg-deb --info "$deb")
for want in "Package: siteatlas" "Version: $version-" "Architecture: amd64" "Depends: "; do
  grep -q "$want" <<<"$info" || fail "dpkg-deb --info lacks '$want'"
done
if grep -E '^ Depends:.*-dev' <<<"$info" >/dev/null; then fail "the .deb depends on -dev packages"; fi
contents=$(dpkg-deb --contents "$deb")
for want in ./usr/bin/siteatlas ./usr/share/applications/org.siteatlas.siteatlas.desktop \
  ./usr/share/metainfo/org.siteatlas.siteatlas.metainfo.xml ./usr/share/mime/packages/siteatlas.xml \
  ./usr/share/icons/hicolor/48x48/apps/org.siteatlas.siteatlas.png \
  ./usr/share/icons/hicolor/256x256/apps/org.siteatlas.siteatlas.png \
  ./usr/share/doc/siteatlas/copyright ./usr/share/doc/siteatlas/LICENSE ./usr/share/doc/siteatlas/OFL-fonts.txt; do
  grep -q " $want\$" <<<"$contents" || fail "the .deb lacks $want"
done
grep -q "siteatlas/usr/local/bin/siteatlas" <<<"$(tar -tJf "$tarball")" || fail "the tarball lacks the program"

unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$deb" "$unpacked"
desktop-file-validate "$unpacked/usr/share/applications/org.siteatlas.siteatlas.desktop"
appstreamcli validate --no-net "$unpacked/usr/share/metainfo/org.siteatlas.siteatlas.metainfo.xml" >/dev/null
grep -q '^Exec=siteatlas %F$' "$unpacked/usr/share/applications/org.siteatlas.siteatlas.desktop" || fail "the desktop entry does not pass files"

missing=$(ldd "$unpacked/usr/bin/siteatlas" | grep 'not found' || true)
[ -z "$missing" ] || fail "the program needs libraries this machine lacks: $missing"
for lib in $(objdump -p "$unpacked/usr/bin/siteatlas" | awk '/NEEDED/ {print $2}'); do
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ {print $NF; exit}')
  [ -n "$path" ] || fail "cannot find $lib"
  pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | cut -d: -f1 | head -1 || true)
  [ -n "$pkg" ] || pkg=$(dpkg -S "$path" 2>/dev/null | cut -d: -f1 | head -1 || true)
  [ -z "$pkg" ] || grep -Eq "Depends:.*\b${pkg%%:*}\b" <<<"$info" || fail "$lib comes from $pkg, which the .deb does not depend on"
done

exeinfo=$(file "$exe")
grep -q 'PE32+ executable (GUI) x86-64' <<<"$exeinfo" || fail "the Windows program is not a PE32+ GUI x86-64 executable: $exeinfo"
if command -v wine64 >/dev/null; then
  usage=$(WINEDEBUG=-all timeout 120 wine64 "$exe" --help 2>&1 || true)
  grep -q "Usage:" <<<"$usage" || fail "siteatlas.exe --help under wine64 printed: $usage"
else
  echo "check-packages: wine64 is not installed: the Windows program's --help was not run" >&2
fi

run_gui() { # start the program the desktop entry names on a fresh HOME; it must make the sample project
  local bin=$1 home
  home=$(mktemp -d)
  HOME=$home XDG_DATA_HOME= XDG_CONFIG_HOME= timeout 60 xvfb-run -a -s "-screen 0 1280x800x24" \
    sh -c "\"$bin\" & pid=\$!; for i in \$(seq 1 200); do [ -s \"$home/.local/share/siteatlas/atlas.db\" ] && sleep 2 && break; sleep 0.1; done; kill \$pid; wait \$pid 2>/dev/null; true"
  [ -s "$home/.local/share/siteatlas/atlas.db" ] || { rm -rf "$home"; fail "$bin on a fresh HOME made no database"; }
  rm -rf "$home"
}

if [ "$(id -u)" -eq 0 ] && [ -n "${CI:-}" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
  /usr/bin/siteatlas --help | grep -q "Usage:" || fail "the installed siteatlas --help printed no usage"
  exec_line=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' /usr/share/applications/org.siteatlas.siteatlas.desktop)
  run_gui "$(command -v "$exec_line")"
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq siteatlas >/dev/null
  [ ! -e /usr/bin/siteatlas ] || fail "apt-get remove left /usr/bin/siteatlas"
else
  "$unpacked/usr/bin/siteatlas" --help | grep -q "Usage:" || fail "siteatlas --help from the package printed no usage"
  run_gui "$unpacked/usr/bin/siteatlas"
  echo "check-packages: not root with CI set: the .deb was unpacked, not installed" >&2
fi
echo "check-packages: $deb, $tarball and $exe are good" >&2
