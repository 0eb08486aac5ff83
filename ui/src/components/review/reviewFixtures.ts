// Test data for the review screens, shaped like what the back end sends
// (crates/kaifang-core/src/review). Used by the component tests only.

import type { ColumnDecision, DatasetDetail, DatasetStatus, Decisions, QueueItem, ReviewChanges, ReviewEntry } from '../../api'

export function detail(status: DatasetStatus = 'submitted'): DatasetDetail {
  const profile = {
    non_empty: 45,
    empty: 0,
    distinct: 45,
    min: null,
    max: null,
    min_length: 1,
    max_length: 18,
    top_values: [],
    histogram: [],
  }
  return {
    summary: {
      id: 7,
      name: '城关镇低保名单',
      status,
      version: 2,
      rows: 45,
      columns: 3,
      source_name: '低保名单.xlsx',
      sheet: null,
      updated_at: '2025-03-04T05:06:07Z',
      findings: 1,
      personal_columns: 2,
      personal_kept: 0,
      department: null,
      completeness: null,
      personal_unhandled: null,
    },
    version: 2,
    versions: [
      { version: 2, source_name: '低保名单.xlsx', sheet: null, encoding: null, format: 'xlsx', rows: 45, imported_at: '2025-03-04T05:06:07Z', imported_by: '张三' },
    ],
    columns: [
      { position: 0, name: '姓名', group: null, type: 'text', profile },
      { position: 1, name: '列1', group: null, type: 'text', profile },
      { position: 2, name: '列2', group: '补贴', type: 'decimal', profile },
    ],
    findings: [{ kind: 'surrounding_spaces', column: 0, count: 3, rows: [5, 9, 14], data_rows: [2, 6, 11] }],
    notes: { title_rows: [], header_rows: [1], notes_rows: [], dropped_cells: 0 },
    changes: null,
  }
}

export const SUBMIT: ReviewEntry = {
  action: 'submit',
  actor: '张三',
  at: '2025-03-05T01:00:00Z',
  version: 2,
  comment: null,
  comments: [],
}

export const RETURN: ReviewEntry = {
  action: 'return',
  actor: '李四',
  at: '2025-03-06T02:00:00Z',
  version: 2,
  comment: '摘要过于简单，请补充统计口径。',
  comments: [
    ['field:description', '请说明数据来源'],
    ['column:0', '姓名应遮盖'],
    ['field:no_such_field_here', '旧版本的意见'],
  ],
}

export function queueItem(dataset: number, name: string, at: string): QueueItem {
  return { dataset, name, version: 1, submitted_by: '张三', submitted_at: at }
}

export const CHANGES: ReviewChanges = {
  against_version: 1,
  approved_at: '2025-01-10T00:00:00Z',
  approved_by: '李四',
  data: {
    previous_version: 1,
    rows_before: 40,
    rows_after: 45,
    rows_added: 6,
    rows_removed: 1,
    rows_changed: 2,
    key_column: '身份证号',
    columns_added: ['补贴金额'],
    columns_removed: [],
  },
  metadata: [{ key: 'title', before: '低保名单', after: '城关镇低保名单' }],
  dictionary: [
    { key: '姓名.description', before: null, after: '户主姓名' },
    { key: '列1.open', before: 'true', after: 'false' },
  ],
  policy: [{ key: '身份证号', before: 'keep', after: 'mask' }],
}

/** What `review_decisions` sends for the dataset of `detail()`. */
export function decisions(overrides: Partial<Decisions> = {}): Decisions {
  const column = (position: number, name: string, more: Partial<ColumnDecision>): ColumnDecision => ({
    position,
    name,
    category: 'none',
    personal: false,
    special: false,
    free_text: false,
    operator: 'keep',
    outcome: 'unchanged',
    chosen_by: null,
    chosen_at: null,
    reason: null,
    public_reason: null,
    described: false,
    ...more,
  })
  return {
    dataset: 7,
    version: 2,
    rows: 45,
    columns: [
      column(0, '姓名', { category: 'person_name', personal: true, operator: 'mask', outcome: 'masked', described: true }),
      column(1, '列1', { outcome: 'withheld' }),
      column(2, '列2', {
        category: 'health',
        personal: true,
        special: true,
        chosen_by: '张三',
        chosen_at: '2025-03-05T00:30:00Z',
        reason: '病种统计需要',
      }),
    ],
    published: 2,
    unchanged: 1,
    changed: 1,
    left_out: 1,
    described: 1,
    checklist: [
      { item: 'metadata_complete', state: 'done' },
      { item: 'dictionary_described', state: 'todo' },
      { item: 'open_type_chosen', state: 'done' },
      { item: 'sensitive_fields_handled', state: 'done' },
    ],
    completeness: 80,
    problems: 0,
    quality_findings: 1,
    open_type: 'unconditional',
    notices: [
      { kind: 'special_kept', columns: ['列2'] },
      { kind: 'special_open', columns: ['列2'] },
      { kind: 'undescribed', columns: ['列2'] },
    ],
    cleaning: [
      { step: { op: 'dates', columns: ['发放日期'], filter: null }, state: 'applied', rows: 40, cells: 40 },
      { step: { op: 'dedupe', columns: [], filter: null }, state: 'applied', rows: 2, cells: 0 },
    ],
    ...overrides,
  }
}
