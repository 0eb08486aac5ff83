#!/usr/bin/env bash
# `make docs`: the user guide's screenshots, taken by the real-window walkthrough
# (tests/e2e/walkthrough.test.mjs) at 1366×768 in Chinese and in English, copied
# into docs/screens/<language>/ as the guides name them. Never edited by hand:
# run `make docs` again.
set -euo pipefail
cd "$(dirname "$0")/.."
from=test-output/screens
names=$(grep -ohE '\.\./screens/(zh-CN|en)/[a-z-]+\.png' docs/zh-CN/用户手册.md docs/en/user-guide.md | sort -u)
[ -n "$names" ] || { echo "docs-screens: the guides name no screenshot" >&2; exit 1; }
for ref in $names; do
  file=${ref#../screens/}
  [ -f "$from/$file" ] || { echo "docs-screens: the walkthrough took no $file" >&2; exit 1; }
  mkdir -p "docs/screens/$(dirname "$file")"
  cp "$from/$file" "docs/screens/$file"
done
echo "docs-screens: $(echo "$names" | wc -l) screenshots in docs/screens ($(du -sh docs/screens | cut -f1))"
