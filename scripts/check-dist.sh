#!/usr/bin/env bash
# Checks the installers `make dist` wrote, as a county office would meet them:
#   .deb  installs with dpkg -i, the installed app starts under Xvfb and shows its
#         window, the installed CLI answers with the same version; then removed.
#   .rpm  holds the app, the CLI and the desktop entry.
#   Windows: the exe is a 64-bit GUI PE, the installer holds the app, the CLI and
#         WebView2Loader.dll, and the portable zip the same three.
# Installing needs root: run as root (the test machine does) or with sudo.
set -euo pipefail
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
cd "$(dirname "$0")/.."
version=$(cargo metadata --no-deps --format-version 1 | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="kaifang-desktop"))')
fail() { echo "check-dist: $*" >&2; exit 1; }
ok() { echo "  ok: $*"; }

(cd dist && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match dist/"
ok "SHA-256 sums match"

deb=$(ls dist/*_"$version"_amd64.deb) || fail "no .deb for $version"
rpm=$(ls dist/*-"$version"-1.x86_64.rpm) || fail "no .rpm for $version"
setup=dist/Kaifang_${version}_x64-setup.exe
[ -f "$setup" ] || fail "no $setup"

echo "== $deb"
# Without a CJK font every Chinese character of the UI is an empty box.
dpkg-deb -f "$deb" Depends | grep -q 'fonts-noto-cjk | fonts-wqy-microhei' || fail "the .deb does not depend on a CJK font"
ok "the .deb depends on a CJK font: $(dpkg-deb -f "$deb" Depends)"
$sudo dpkg -i "$deb" >/dev/null || { $sudo apt-get install -f -y -qq >/dev/null; $sudo dpkg -i "$deb" >/dev/null; }
trap '$sudo dpkg -r kaifang >/dev/null 2>&1 || true' EXIT
[ "$(/usr/bin/kaifang --version | awk '{print $NF}')" = "$version" ] || fail "installed CLI version"
ok "installed CLI answers: $(/usr/bin/kaifang --version)"
desktop_file=$(dpkg -L kaifang | grep '\.desktop$' | head -1)
grep -q '^Exec=kaifang-desktop' "$desktop_file" || fail "desktop entry"
ok "desktop entry $desktop_file"
scratch=$(mktemp -d)
display=":$((200 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
cleanup() {
  kill "$xvfb" 2>/dev/null || true
  $sudo dpkg -r kaifang >/dev/null 2>&1 || true
  # GTK's document portal may have mounted itself under the scratch runtime folder.
  fusermount -u "$scratch/run/doc" 2>/dev/null || true
  rm -rf "$scratch" 2>/dev/null || true
}
trap cleanup EXIT
mkdir -p "$scratch/run" && chmod 700 "$scratch/run"
sleep 1
DISPLAY=$display HOME=$scratch XDG_DATA_HOME=$scratch/data XDG_CONFIG_HOME=$scratch/config XDG_CACHE_HOME=$scratch/cache \
  XDG_RUNTIME_DIR=$scratch/run NO_AT_BRIDGE=1 dbus-run-session -- /usr/bin/kaifang-desktop --workspace "$scratch/ws.sqlite3" >"$scratch/app.log" 2>&1 &
app=$!
for _ in $(seq 60); do
  [ -f "$scratch/ws.sqlite3" ] && DISPLAY=$display xwininfo -root -tree 2>/dev/null | grep -q '开放 Kaifang' && break
  sleep 0.5
done
DISPLAY=$display xwininfo -root -tree 2>/dev/null | grep -q '开放 Kaifang' || { cat "$scratch/app.log"; fail "the installed app showed no window"; }
kill -0 $app 2>/dev/null || fail "the installed app exited"
[ -f "$scratch/ws.sqlite3" ] || fail "the installed app created no workspace"
ok "installed app started, showed its window and created its workspace"
kill $app 2>/dev/null || true
wait $app 2>/dev/null || true
fusermount -u "$scratch/run/doc" 2>/dev/null || fusermount -u "$scratch/cache/doc" 2>/dev/null || true

echo "== $rpm"
files=$(rpm -qpl "$rpm" 2>/dev/null)
for f in /usr/bin/kaifang-desktop /usr/bin/kaifang /usr/share/applications/Kaifang.desktop; do
  grep -qx "$f" <<<"$files" || fail "$f missing from the rpm"
done
ok "rpm holds the app, the CLI and the desktop entry"
rpm -qpR "$rpm" 2>/dev/null | grep -q 'google-noto-sans-cjk-ttc-fonts or' || fail "the rpm does not require a CJK font"
ok "rpm requires a CJK font"

echo "== $setup"
file -b "$setup" | grep -q 'PE32+ executable (GUI) x86-64' || fail "the installer is not a 64-bit PE: $(file -b "$setup")"
listing=$(7z l "$setup")
for f in kaifang-desktop.exe kaifang.exe WebView2Loader.dll; do
  grep -q "$f" <<<"$listing" || fail "$f missing from the installer"
done
ok "installer holds kaifang-desktop.exe, kaifang.exe and WebView2Loader.dll"
unzip -o -q "dist/Kaifang_${version}_x64-portable.zip" -d "$scratch/win"
file -b "$scratch/win/kaifang-desktop.exe" | grep -q 'PE32+ executable (GUI) x86-64' || fail "the app is not a 64-bit GUI PE"
file -b "$scratch/win/kaifang.exe" | grep -q 'PE32+ executable (console) x86-64' || fail "the CLI is not a 64-bit console PE"
file -b "$scratch/win/WebView2Loader.dll" | grep -q 'PE32+ executable (DLL)' || fail "the loader is not a 64-bit DLL"
ok "Windows programs: 64-bit GUI app, console CLI, loader DLL"
echo "check-dist: all installers checked"
