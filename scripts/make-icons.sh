#!/usr/bin/env bash
# Regenerates every icon Tauri's Linux, Windows and macOS bundles need from
# icons/source.svg. The outputs are committed so that a build needs neither
# librsvg nor the Tauri CLI; rerun this after editing the source.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rsvg-convert -w 1024 -h 1024 icons/source.svg -o "$tmp/icon-1024.png"
# `tauri icon` writes 32x32, 128x128, 128x128@2x, icon.png, icon.ico, icon.icns and
# the Windows Store logos, all as 8-bit RGBA (an RGB-only PNG breaks the Linux build).
(cd ui && npx --no-install tauri icon "$tmp/icon-1024.png" -o ../icons >/dev/null 2>&1)
# Mobile targets are not shipped.
rm -rf icons/android icons/ios
echo "icons regenerated in icons/"
