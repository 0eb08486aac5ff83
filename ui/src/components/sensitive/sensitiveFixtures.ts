// Test data shaped like what the back end sends (crates/kaifang-core/src/sensitive):
// a county subsidy list with personal, public and free-text columns, and a fake
// policy_set / mask_preview pair that keeps the choices, as the workspace would.
// Used by the component tests only.

import type { CellHit, ColumnPolicy, MaskedPreview, MaskedRow, Operator, ScanReport } from '../../api'

export function column(position: number, name: string, over: Partial<ColumnPolicy> = {}): ColumnPolicy {
  return {
    position,
    name,
    category: 'none',
    personal: false,
    confidence: 0,
    matched: 0,
    total: 45,
    header_hint: false,
    examples: [],
    free_text: false,
    public_reason: null,
    operator: 'keep',
    chosen: false,
    reason: null,
    closed: false,
    keep_head: null,
    keep_tail: null,
    coarsen: null,
    ...over,
  }
}

/** 序号 · 姓名 · 身份证号 · 联系电话 · 家庭住址 · 补贴金额 · 备注 · 经办单位代码 */
export const COLUMNS: readonly ColumnPolicy[] = [
  column(0, '序号', { examples: ['1', '2'] }),
  column(1, '姓名', {
    category: 'person_name',
    personal: true,
    confidence: 0.92,
    matched: 41,
    header_hint: true,
    examples: ['张*', '欧阳**'],
    operator: 'mask',
  }),
  column(2, '身份证号', {
    category: 'id_card',
    personal: true,
    confidence: 1,
    matched: 45,
    header_hint: true,
    examples: ['110105********002X'],
    operator: 'mask',
    keep_head: 6,
    keep_tail: 4,
  }),
  column(3, '联系电话', { category: 'phone', personal: true, confidence: 0.98, matched: 44, examples: ['138****5678'], operator: 'mask', keep_head: 3, keep_tail: 4 }),
  column(4, '家庭住址', { category: 'address', personal: true, confidence: 0.9, matched: 40, operator: 'generalize' }),
  column(5, '补贴金额', { examples: ['300', '250'] }),
  column(6, '备注', { free_text: true, operator: 'redact' }),
  column(7, '经办单位代码', { category: 'uscc', confidence: 1, matched: 45, examples: ['91512081MA62K0260E'] }),
]

export const CELLS: CellHit[] = [
  { row: 5, column: 6, category: 'phone', masked: '139****5678' },
  { row: 9, column: 6, category: 'id_card', masked: '130534********1233' },
]

export function report(over: Partial<ScanReport> = {}): ScanReport {
  return {
    dataset: 7,
    version: 2,
    rows_scanned: 45,
    full: false,
    scanned_at: '2025-03-04T05:06:07Z',
    columns: COLUMNS.map((c) => ({ ...c })),
    cells: CELLS,
    cell_hits: 2,
    ...over,
  }
}

const ORIGINAL = (n: number): string[] => [
  String(n + 1),
  n % 2 ? '欧阳娜娜' : '张三',
  '11010519491231002X',
  '13812345678',
  '某某县城关镇东村3组12号',
  '300',
  n === 0 ? '' : `已电话联系 1391234567${n % 10}`,
  '91512081MA62K0260E',
]

// What each operator makes of a value, close enough for the view to show.
function publish(op: Operator, position: number, value: string): string | null {
  switch (op) {
    case 'keep':
      return value
    case 'drop':
      return null
    case 'pseudonymize':
      return 'P0A1B2C3D4E5F'
    case 'generalize':
      return '某某县城关镇'
    case 'redact':
      return value.replace(/1\d{10}/, '139****5678')
    case 'mask':
      return position === 1 ? `${value[0] ?? ''}*` : position === 2 ? '110105********002X' : '138****5678'
  }
}

/** A workspace of `rows` rows: policies change with `set`, previews follow them. */
export function fakeWorkspace(rows = 45) {
  const policies = new Map<number, ColumnPolicy>(COLUMNS.map((c) => [c.position, { ...c }]))
  const columns = () => [...policies.values()]
  return {
    columns,
    set(position: number, operator: Operator, reason: string | null): ColumnPolicy {
      const before = policies.get(position)
      if (!before) throw new Error(`no column ${position}`)
      const after = { ...before, operator, reason, chosen: true }
      policies.set(position, after)
      return after
    },
    preview(offset: number, limit: number): MaskedPreview {
      const count = Math.max(0, Math.min(limit, rows - offset))
      const out: MaskedRow[] = Array.from({ length: count }, (_, i) => {
        const n = offset + i
        const original = ORIGINAL(n)
        return {
          row: n + 1,
          source_row: n + 3,
          original: original.map((v) => (v === '' ? null : v)),
          public: columns().map((c) => (c.closed ? null : publish(c.operator, c.position, original[c.position] ?? ''))),
        }
      })
      return { columns: columns(), rows: out }
    },
  }
}
