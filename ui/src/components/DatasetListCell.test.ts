import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { DatasetSummary } from '../api'
import { i18n } from '../i18n'
import DatasetListCell, { type ListColumn } from './DatasetListCell.vue'

const row = (over: Partial<DatasetSummary> = {}): DatasetSummary => ({
  id: 1,
  name: '城关镇2024年城乡低保发放名单（第三季度，含补发）',
  status: 'approved',
  version: 1,
  rows: 120,
  columns: 8,
  source_name: '低保名单.xlsx',
  sheet: '城关镇',
  updated_at: '2025-03-01T00:00:00Z',
  findings: 0,
  personal_columns: 3,
  personal_kept: 0,
  department: '县民政局',
  completeness: 85,
  personal_unhandled: 0,
  ...over,
})

let missing: string[]
beforeEach(() => {
  setActivePinia(createPinia())
  i18n.global.locale.value = 'zh-CN'
  missing = []
  i18n.global.setMissingHandler((_l, key) => {
    missing.push(key)
    return key
  })
})
afterEach(() => {
  i18n.global.setMissingHandler(null)
  expect(missing).toEqual([])
})

const cell = (column: ListColumn, r: DatasetSummary) =>
  mount(DatasetListCell, { props: { row: r, column }, global: { plugins: [i18n, ElementPlus] } })

describe('a dataset list cell', () => {
  it('shows the whole name with the file and sheet it came from', () => {
    const w = cell('name', row())
    expect(w.get('[data-testid="dataset-row"]').text()).toBe('城关镇2024年城乡低保发放名单（第三季度，含补发）')
    expect(w.get('[data-testid="dataset-source"]').text()).toBe('低保名单.xlsx · 城关镇')
  })

  it('shows the department and the completeness the back end computed', () => {
    expect(cell('department', row()).text()).toBe('县民政局')
    expect(cell('completeness', row()).text()).toBe('85%')
    expect(cell('department', row({ department: null })).text()).toBe('—')
    expect(cell('completeness', row({ completeness: null })).text()).toBe('—')
  })

  it('marks risk by what is still unhandled, not by what was found', () => {
    const risk = (over: Partial<DatasetSummary>) => cell('risk', row(over)).get('[data-testid="risk-badge"]')
    const handled = risk({})
    expect(handled.attributes('data-risk'), 'an approved dataset whose columns are masked').toBe('handled')
    expect(handled.classes()).toContain('el-tag--success')
    expect(handled.text()).toBe('3 项已处理')
    const todo = risk({ status: 'draft', personal_unhandled: 2 })
    expect(todo.attributes('data-risk')).toBe('todo')
    expect(todo.classes()).toContain('el-tag--danger')
    expect(todo.text()).toBe('2 项待处理')
    expect(risk({ personal_unhandled: null }).attributes('data-risk'), 'not every row checked').toBe('pending')
    expect(risk({ personal_columns: 0 }).attributes('data-risk')).toBe('none')
    expect(risk({ personal_columns: -1 }).attributes('data-risk')).toBe('unknown')
  })
})
