import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus, { ElSelect } from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import {
  datasetList,
  datasetShow,
  maskPreview,
  metaFields,
  metaGet,
  reviewApprove,
  reviewChanges,
  reviewDecisions,
  reviewHistory,
  reviewQueue,
  reviewReturn,
  riskGet,
} from '../api'
import { FIELDS, metadata } from '../components/metadata/metaFixtures'
import { CHANGES, SUBMIT, decisions, detail } from '../components/review/reviewFixtures'
import { fakeWorkspace } from '../components/sensitive/sensitiveFixtures'
import { i18n } from '../i18n'
import { useNavStore } from '../stores/nav'
import { useSessionStore } from '../stores/session'
import ReviewView from './ReviewView.vue'

vi.mock('../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api')>()),
  datasetShow: vi.fn(),
  datasetList: vi.fn(),
  metaFields: vi.fn(),
  metaGet: vi.fn(),
  reviewDecisions: vi.fn(),
  maskPreview: vi.fn(),
  reviewHistory: vi.fn(),
  reviewChanges: vi.fn(),
  reviewApprove: vi.fn(),
  reviewReturn: vi.fn(),
  reviewQueue: vi.fn(),
  riskGet: vi.fn(),
}))

let wrapper: VueWrapper | null = null
let missing: string[]

beforeEach(() => {
  vi.resetAllMocks()
  setActivePinia(createPinia())
  i18n.global.locale.value = 'zh-CN'
  missing = []
  i18n.global.setMissingHandler((_locale, key) => {
    missing.push(key)
    return key
  })
  const workspace = fakeWorkspace(45)
  vi.mocked(datasetShow).mockResolvedValue(detail())
  vi.mocked(datasetList).mockResolvedValue([])
  vi.mocked(metaFields).mockResolvedValue(FIELDS)
  vi.mocked(metaGet).mockResolvedValue(metadata())
  vi.mocked(reviewDecisions).mockResolvedValue(decisions({ notices: [], open_type: 'conditional' }))
  vi.mocked(maskPreview).mockImplementation(async (_d, offset, limit) => workspace.preview(offset, limit))
  vi.mocked(reviewHistory).mockResolvedValue([SUBMIT])
  vi.mocked(reviewChanges).mockResolvedValue(CHANGES)
  vi.mocked(reviewQueue).mockResolvedValue([])
  vi.mocked(riskGet).mockRejectedValue({ code: 'io', message: 'x', params: {} })
  const session = useSessionStore()
  session.user = { name: '李四', clerk: false, steward: true, has_passphrase: true, fingerprint: null }
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  i18n.global.setMissingHandler(null)
  document.body.innerHTML = ''
  expect(missing, 'every message the view uses exists').toEqual([])
})

async function mountView(): Promise<VueWrapper> {
  wrapper = mount(ReviewView, {
    props: { dataset: '7' },
    global: { plugins: [i18n, ElementPlus] },
    attachTo: document.body,
  })
  await flushPromises()
  await flushPromises()
  return wrapper
}

const $ = (selector: string) => document.querySelector<HTMLElement>(selector)
const shown = (selector: string) => {
  const el = $(selector)
  return !!el && (el.closest('.el-overlay') as HTMLElement | null)?.style.display !== 'none'
}
async function type(selector: string, text: string): Promise<void> {
  const input = $(selector) as HTMLInputElement | HTMLTextAreaElement | null
  if (!input) throw new Error(`nothing at ${selector}`)
  input.value = text
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}
async function click(selector: string): Promise<void> {
  const el = $(selector)
  if (!el) throw new Error(`nothing at ${selector}`)
  el.click()
  await flushPromises()
}

describe('the review view', () => {
  it('shows who submitted which version, and the metadata with its problems marked on the fields', async () => {
    const w = await mountView()
    expect(datasetShow).toHaveBeenCalledWith('7', null)
    expect(metaGet).toHaveBeenCalledWith('7')
    await w.get('[data-testid="review-tab-metadata"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="review-title"]').text()).toBe('城关镇低保名单')
    expect(w.get('[data-testid="review-submitted"]').text()).toContain('张三')
    expect(w.get('[data-testid="review-submitted"]').text()).toContain('第 2 版')
    const meta = w.get('[data-testid="review-metadata"]')
    expect(meta.text()).toContain('元数据有 4 处问题')
    const title = meta.get('[data-field="title"]')
    expect(title.text()).toContain('城关镇低保名单')
    expect(title.classes()).not.toContain('rmeta__field--problem')
    const description = meta.get('[data-field="description"]')
    expect(description.classes(), 'a field with a problem is marked').toContain('rmeta__field--problem')
    expect(description.get('[data-testid="review-problem"]').text()).toBe('“摘要”为必填项')
    expect(meta.get('[data-testid="review-dictionary"]').text(), 'closed columns say so').toContain('不予开放')
    const required = (field: string) => meta.get(`[data-field="${field}"] [data-testid="review-required"]`)
    expect(required('title').classes(), 'a filled required field is not marked as an error').not.toContain(
      'rmeta__required--missing',
    )
    expect(required('description').classes()).toContain('rmeta__required--missing')
  })

  it('says what the clerk’s checklist still lacks even when no field has a problem', async () => {
    const m = metadata()
    vi.mocked(metaGet).mockResolvedValue({
      ...m,
      problems: [],
      checklist: m.checklist.map((c) => (c.item === 'dictionary_described' ? { ...c, state: 'todo' as const } : c)),
    })
    const w = await mountView()
    await w.get('[data-testid="review-tab-metadata"]').trigger('click')
    await flushPromises()
    const todo = w.get('[data-testid="review-checklist-todo"]').text()
    expect(todo).toContain('所有公开列都已填写说明')
    expect(w.text()).not.toContain('元数据完整，没有发现问题')
  })

  it('opens on every column with its decision, who made it and why, and the changes since the last approval', async () => {
    const w = await mountView()
    expect(reviewDecisions).toHaveBeenCalledWith('7')
    const rows = w.findAll('[data-testid="decision-row"]')
    expect(rows.map((r) => r.attributes('data-column')), 'every column, flagged or not').toEqual(['姓名', '列1', '列2'])
    const cells = (i: number) => rows[i]?.findAll('td').map((c) => c.text()) ?? []
    expect(cells(0)).toEqual(['1', '姓名', '姓名', '脱敏', '默认处理', '', '已说明'])
    expect(cells(1).slice(1, 4), 'withheld columns are listed too').toEqual(['列1', '普通数据', '不予开放'])
    expect(cells(2).slice(1, 6)).toEqual(['列2', '健康信息', '原样公开', '张三', '病种统计需要'])
    expect(rows[2]?.get('[data-testid="decision-outcome"]').classes(), 'a special category kept is red').toContain(
      'el-tag--danger',
    )
    expect(w.get('[data-testid="decisions-summary-line"]').text()).toContain('公开 2 列：原样公开 1 列，脱敏或泛化 1 列；不公开 1 列')
    const checklist = w.findAll('[data-testid="decisions-checklist"] li')
    expect(checklist.map((c) => c.attributes('data-state'))).toEqual(['done', 'todo', 'done', 'done'])

    expect(reviewChanges).toHaveBeenCalledWith('7')
    // The clerk's cleaning steps, with their counts.
    expect(w.get('[data-testid="review-cleaning"]').text()).toContain('清洗步骤（2 步）')
    expect(w.get('[data-testid="review-cleaning-1"]').text()).toBe('统一日期格式（发放日期） · 改动 40 行、40 格')
    expect(w.get('[data-testid="review-cleaning-2"]').text()).toBe('删除重复行（整行） · 删除 2 行')
    const changes = w.get('[data-testid="review-changes"]')
    expect(changes.text()).toContain('与 李四 于')
    expect(changes.get('[data-testid="review-changes-data"]').text()).toContain('新增 6 行，删除 1 行，修改 2 行')
    expect(changes.get('[data-testid="review-changes-data"]').text()).toContain('新增列：补贴金额')
    const changed = changes.findAll('[data-testid="review-change"]').map((r) => r.findAll('td').map((c) => c.text()))
    expect(changed).toEqual([
      ['数据集名称', '低保名单', '城关镇低保名单'],
      ['姓名 · 说明', '（空）', '户主姓名'],
      ['列1 · 开放', '开放', '不予开放'],
      ['身份证号', '原样保留', '遮盖'],
    ])
  })

  it('shows the steward why a column of a personal kind stays public, and what is unusual', async () => {
    const d = decisions()
    d.columns.push({ ...d.columns[0]!, position: 3, name: '法定代表人', operator: 'keep', outcome: 'unchanged', public_reason: 'registry_role' })
    vi.mocked(reviewDecisions).mockResolvedValue(d)
    const w = await mountView()
    const row = w.get('[data-column="法定代表人"]')
    expect(row.text()).toContain('公开原因：登记的法定代表人、负责人等公开职务')
    const notices = w.findAll('[data-testid="decisions-notice"]')
    expect(notices.map((n) => n.attributes('data-kind'))).toEqual(['special_kept', 'special_open', 'undescribed'])
    expect(notices[1]?.text()).toContain('审核人通过时必须确认')
  })

  it('shows the steward the smallest group against the office’s k, the fixes taken and the clerk’s reason', async () => {
    const report = {
      rows: 60,
      quasi: ['性别', '出生日期', '家庭住址'],
      office_k: 5,
      k: 3,
      groups: 12,
      at_risk: 6,
      max_risk: 1 / 3,
      avg_risk: 0.2,
      unique_share: 0,
      group_sizes: [[3, 2]] as [number, number][],
      combinations: [],
      diversity: null,
    }
    const plan = { dataset: 7, rows: 60, quasi: report.quasi, office_k: 5, k_before: 3, at_risk_before: 6, k_after: 3, at_risk_after: 6, steps: [], suppressed_cells: 0 }
    vi.mocked(riskGet).mockResolvedValue({
      report,
      plan,
      policy: { quasi: report.quasi, sensitive: null, reason: '依规须公示到村', set_by: '张三', set_at: '2026-12-01T00:00:00Z' },
      columns: report.quasi,
      rules: [['出生日期', { kind: 'date', level: 'band10' }]],
      suppressed_cells: 4,
    })
    const w = await mountView()
    const risk = w.get('[data-testid="review-risk"]')
    expect(risk.text()).toContain('最小的组只有 3 人：6 条记录低于本单位的要求（k = 5）')
    expect(risk.text()).toContain('按 性别 + 出生日期 + 家庭住址 分组')
    expect(w.get('[data-testid="review-risk-fixes"]').text()).toBe('已生效：出生日期：每 10 年一段；抑制 4 个值')
    expect(w.get('[data-testid="review-risk-reason"]').text()).toBe('已写明理由：依规须公示到村')
  })

  it('says when there is nothing to compare with (a first review)', async () => {
    vi.mocked(reviewChanges).mockResolvedValue(null)
    const w = await mountView()
    expect(w.get('[data-testid="review-changes-first"]').text()).toContain('第一次审核')
  })

  it('approves after a confirmation, with the comment, and goes back to the refreshed queue', async () => {
    const nav = useNavStore()
    await nav.openReview(7)
    vi.mocked(reviewApprove).mockResolvedValue('hash')
    await mountView()
    await click('[data-testid="review-approve"]')
    expect(shown('[data-testid="approve-dialog"]'), 'approving asks first').toBe(true)
    expect(reviewApprove).not.toHaveBeenCalled()
    await type('textarea[data-testid="review-approve-comment"]', '  数据完整  ')
    await click('[data-testid="review-approve-confirm"]')
    expect(reviewApprove).toHaveBeenCalledWith('7', '数据完整', false)
    expect(reviewQueue, 'the queue and its count are read again').toHaveBeenCalled()
    expect(nav.review, 'back to the queue').toBeNull()
  })

  it('asks the steward to confirm special categories published as they are in an open dataset', async () => {
    vi.mocked(reviewDecisions).mockResolvedValue(decisions())
    vi.mocked(reviewApprove).mockResolvedValue('hash')
    await mountView()
    await click('[data-testid="review-approve"]')
    expect($('[data-testid="approve-special"]')?.textContent).toContain('列2')
    const confirm = $('[data-testid="review-approve-confirm"]') as HTMLButtonElement
    expect(confirm.disabled, 'not before the confirmation').toBe(true)
    await click('[data-testid="review-approve-confirm"]')
    expect(reviewApprove).not.toHaveBeenCalled()
    await click('[data-testid="approve-special-confirm"] input')
    expect(confirm.disabled).toBe(false)
    await click('[data-testid="review-approve-confirm"]')
    expect(reviewApprove).toHaveBeenCalledWith('7', null, true)
  })

  it('shows a refused self-approval plainly, and stays', async () => {
    const nav = useNavStore()
    await nav.openReview(7)
    vi.mocked(reviewApprove).mockRejectedValue({ code: 'review_self_approval', message: 'self', params: { user: '李四' } })
    await mountView()
    await click('[data-testid="review-approve"]')
    await click('[data-testid="review-approve-confirm"]')
    expect(reviewApprove).toHaveBeenCalledWith('7', null, false)
    expect($('[data-testid="approve-dialog"] [data-testid="error-message"]')?.textContent).toBe(
      '李四 是这次的提交人，不能审核自己提交的数据。请由另一位审核人审核。',
    )
    expect(nav.review).toBe('7')
  })

  it('returns only with a comment, sending the comments on fields and columns too', async () => {
    vi.mocked(reviewReturn).mockResolvedValue(undefined)
    const w = await mountView()
    await click('[data-testid="review-return"]')
    expect(shown('[data-testid="return-dialog"]')).toBe(true)
    await click('[data-testid="review-return-confirm"]')
    expect(reviewReturn, 'not without a comment').not.toHaveBeenCalled()
    expect($('[data-testid="return-dialog"]')?.textContent).toContain('请写明退回的原因')

    await type('textarea[data-testid="review-return-comment"]', '请补充摘要')
    await click('[data-testid="review-return-add-target"]')
    await click('[data-testid="review-return-add-target"]')
    await click('[data-testid="review-return-confirm"]')
    expect(reviewReturn, 'not with a comment row left incomplete').not.toHaveBeenCalled()
    expect($('[data-testid="review-return-incomplete"]')?.textContent).toContain('有 2 条意见')

    const select = (testid: string) => {
      const found = w.findAllComponents(ElSelect).find((s) => s.attributes('data-testid') === testid)
      if (!found) throw new Error(`no select ${testid}`)
      return found
    }
    select('review-return-target-which-0').vm.$emit('update:modelValue', 'description')
    select('review-return-target-kind-1').vm.$emit('update:modelValue', 'column')
    await flushPromises()
    select('review-return-target-which-1').vm.$emit('update:modelValue', '2')
    await flushPromises()
    await type('input[data-testid="review-return-target-text-0"]', '请说明数据来源')
    await type('input[data-testid="review-return-target-text-1"]', '金额单位不对')
    await click('[data-testid="review-return-confirm"]')
    expect(reviewReturn).toHaveBeenCalledWith('7', '请补充摘要', [
      [{ kind: 'field', field: 'description' }, '请说明数据来源'],
      [{ kind: 'column', position: 2 }, '金额单位不对'],
    ])
  })

  it('offers no decision to someone who is not a steward, or on a dataset no longer waiting', async () => {
    useSessionStore().user = { name: '张三', clerk: true, steward: false, has_passphrase: true, fingerprint: null }
    const w = await mountView()
    expect(w.find('[data-testid="review-approve"]').exists()).toBe(false)
    expect(w.text()).toContain('只有审核人可以通过或退回')
    w.unmount()
    wrapper = null

    useSessionStore().user = { name: '李四', clerk: false, steward: true, has_passphrase: true, fingerprint: null }
    vi.mocked(datasetShow).mockResolvedValue(detail('approved'))
    const again = await mountView()
    expect(again.find('[data-testid="review-return"]').exists()).toBe(false)
    expect(again.text()).toContain('当前的状态是“已通过”，不在等待审核')
  })
})
