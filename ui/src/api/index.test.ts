import { Channel, invoke } from '@tauri-apps/api/core'
import { listen, type Event } from '@tauri-apps/api/event'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import {
  ApiError,
  CHANGED_EVENT,
  CHECKLIST_ITEMS,
  DATASET_STATUSES,
  ERROR_CODES,
  OUTBOX_STATES,
  TOPICS,
  isDatasetStatus,
  isOutboxState,
  onChanged,
  type Changed,
  FILE_DROPPED_EVENT,
  OUTBOX_EVENT,
  SENSITIVE_SCANNED_EVENT,
  datasetPublications,
  egressCheck,
  maskingConventionSet,
  maskingConventions,
  onSensitiveScanned,
  onOutbox,
  outboxList,
  outboxRetry,
  portalList,
  portalRemove,
  portalSave,
  portalTest,
  publish,
  type OutboxItem,
  appContext,
  auditVerify,
  bundleExport,
  bundleImport,
  datasetHistory,
  isBundleFile,
  parseTarget,
  pickBundleFile,
  reviewApprove,
  reviewChanges,
  reviewHistory,
  reviewQueue,
  reviewReturn,
  reviewSubmit,
  sessionLock,
  sessionSetUser,
  sessionUnlock,
  targetKey,
  userAdd,
  userSetPassphrase,
  usersList,
  keyExport,
  keyInspect,
  keyOwn,
  keyTrust,
  keyUntrust,
  keysTrusted,
  pickKeyFile,
  datasetList,
  datasetRows,
  datasetShow,
  importInspect,
  importRun,
  jobCancel,
  maskPreview,
  metaDefaults,
  metaExport,
  metaFields,
  metaGet,
  metaSet,
  metaSetColumn,
  metaSetDefaults,
  metadataProblems,
  onFileDropped,
  openedFile,
  pickImportFile,
  policySet,
  sensitiveGet,
  sensitiveScan,
  workspaceInfo,
  type ChosenFile,
  type ErrorPayload,
  type ImportOptions,
  type Progress,
  type RowsQuery,
} from '.'

// A stand-in for Tauri's Channel: it keeps the handler the wrapper gives it, so a
// test can play the Rust side sending progress.
vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(),
  Channel: class<T> {
    onmessage: (message: T) => void
    constructor(onmessage?: (message: T) => void) {
      this.onmessage = onmessage ?? (() => {})
    }
  },
}))
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }))
const invokeMock = vi.mocked(invoke)
const listenMock = vi.mocked(listen)

beforeEach(() => {
  invokeMock.mockReset()
  listenMock.mockReset()
})

const options: ImportOptions = {
  sheet: { kind: 'named', name: '2024年' },
  header_row: 3,
  ragged: 'extras',
  into: null,
  name: '低保名单',
  encoding: 'gbk',
  delimiter: null,
  totals_as_data: false,
  notes_as_data: false,
  table_start: null,
}
const file: ChosenFile = { token: 'tok-1', file_name: '名单.csv', size: 1024 }

describe('command wrappers', () => {
  it.each([
    ['app_context', appContext, { version: '0.1.0', os_locale: 'zh-CN', workspace_path: '/w.sqlite3', workspace_error: null }],
    ['workspace_info', workspaceInfo, { path: '/w.sqlite3', schema_version: 1 }],
    ['audit_verify', auditVerify, { entries: 3, intact: true, first_break: null }],
  ] as const)('%s is invoked by name and its result returned unchanged', async (command, wrapper, result) => {
    invokeMock.mockResolvedValueOnce(result)
    await expect(wrapper()).resolves.toEqual(result)
    expect(invokeMock, 'the Rust command name is the IPC contract').toHaveBeenCalledWith(command)
    expect(invokeMock).toHaveBeenCalledTimes(1)
  })
})

describe('commands with arguments', () => {
  it.each([
    ['pick_import_file', pickImportFile, file],
    ['pick_import_file', pickImportFile, null],
    ['opened_file', openedFile, file],
    ['dataset_list', datasetList, []],
  ] as const)('%s takes no arguments and returns %j unchanged', async (command, wrapper, result) => {
    invokeMock.mockResolvedValueOnce(result)
    await expect(wrapper()).resolves.toEqual(result)
    expect(invokeMock).toHaveBeenCalledWith(command)
  })

  it('import_inspect sends the token and options', async () => {
    invokeMock.mockResolvedValueOnce({ file_name: '名单.csv' })
    await importInspect('tok-1', options)
    expect(invokeMock).toHaveBeenCalledWith('import_inspect', { token: 'tok-1', options })
  })

  it('dataset_show names the dataset as a string, with the version or null for the latest', async () => {
    invokeMock.mockResolvedValue({})
    await datasetShow(7, null)
    await datasetShow('低保名单', 2)
    expect(invokeMock).toHaveBeenNthCalledWith(1, 'dataset_show', { dataset: '7', version: null })
    expect(invokeMock).toHaveBeenNthCalledWith(2, 'dataset_show', { dataset: '低保名单', version: 2 })
  })

  it('dataset_rows sends the query as the Rust struct takes it', async () => {
    const query: RowsQuery = {
      version: null,
      offset: 400,
      limit: 200,
      sort: 2,
      descending: true,
      filter: '城关',
      filter_column: null,
    }
    invokeMock.mockResolvedValueOnce({ total: 0, offset: 400, rows: [] })
    await datasetRows(7, query)
    expect(invokeMock).toHaveBeenCalledWith('dataset_rows', { dataset: '7', query })
  })

  it('job_cancel names the job', async () => {
    invokeMock.mockResolvedValueOnce(null)
    await expect(jobCancel('job-9')).resolves.toBeUndefined()
    expect(invokeMock).toHaveBeenCalledWith('job_cancel', { job: 'job-9' })
  })

  it('import_run passes a channel as onProgress whose messages reach the callback', async () => {
    const seen: Progress[] = []
    invokeMock.mockImplementationOnce(async (_command, args) => {
      // Play the Rust side: report through the channel it was given, then finish.
      const channel = (args as { onProgress: Channel<Progress> }).onProgress
      channel.onmessage({ phase: 'reading', done: 10, total: 100, rows: 5 })
      channel.onmessage({ phase: 'writing', done: 100, total: 100, rows: 50 })
      return { datasets: [] }
    })
    await expect(importRun('tok-1', options, 0, 'job-1', (p) => seen.push(p))).resolves.toEqual({ datasets: [] })
    expect(invokeMock).toHaveBeenCalledWith('import_run', {
      token: 'tok-1',
      options,
      table: 0,
      job: 'job-1',
      onProgress: expect.any(Channel),
    })
    expect(seen.map((p) => p.phase), 'every report arrives, in order').toEqual(['reading', 'writing'])
  })

  it('import_run turns a cancellation into an ApiError with code cancelled', async () => {
    invokeMock.mockRejectedValueOnce({ code: 'cancelled', message: 'import cancelled', params: {} })
    const error = await importRun('tok-1', options, 0, 'job-1', () => {}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('cancelled')
  })
})

describe('metadata commands', () => {
  it('meta_fields and meta_defaults take no arguments', async () => {
    invokeMock.mockResolvedValue([])
    await metaFields()
    await metaDefaults()
    expect(invokeMock).toHaveBeenNthCalledWith(1, 'meta_fields')
    expect(invokeMock).toHaveBeenNthCalledWith(2, 'meta_defaults')
  })

  it('name the dataset as a string and send the arguments as the Rust commands take them', async () => {
    invokeMock.mockResolvedValue({})
    await metaGet(7)
    await metaSet(7, { title: '低保名单', keywords: ['低保'], industry: null })
    await metaSetColumn('7', 3, { description: '姓名', unit: null, open: false })
    await metaSetDefaults({ provider: '民政局', license: '' })
    await metaExport(7, 'dcat')
    expect(invokeMock.mock.calls).toEqual([
      ['meta_get', { dataset: '7' }],
      ['meta_set', { dataset: '7', changes: { title: '低保名单', keywords: ['低保'], industry: null } }],
      ['meta_set_column', { dataset: '7', position: 3, change: { description: '姓名', unit: null, open: false } }],
      ['meta_set_defaults', { values: { provider: '民政局', license: '' } }],
      ['meta_export', { dataset: '7', format: 'dcat' }],
    ])
  })

  it('reads every problem of a metadata_invalid error from its JSON params', async () => {
    const problems = [
      { field: 'contact_email', kind: 'invalid_email', detail: null },
      { field: 'temporal_end', kind: 'end_before_start', detail: '2024-06-01' },
    ]
    invokeMock.mockRejectedValueOnce({
      code: 'metadata_invalid',
      message: 'invalid metadata',
      params: { field: 'contact_email', label: '联系邮箱', problem: 'invalid_email', detail: '', count: '2', problems: JSON.stringify(problems) },
    })
    const error = await metaSet(7, {}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(metadataProblems(error as ApiError)).toEqual(problems)
  })

  it('falls back to the first problem when the list is missing or unreadable, and ignores unknown kinds', () => {
    const params = { field: 'title', label: '数据集名称', problem: 'too_long', detail: '100', count: '1' }
    const first = [{ field: 'title', kind: 'too_long', detail: '100' }]
    expect(metadataProblems(new ApiError('metadata_invalid', 'x', params))).toEqual(first)
    expect(metadataProblems(new ApiError('metadata_invalid', 'x', { ...params, problems: '{not json' }))).toEqual(first)
    const odd = JSON.stringify([{ field: 'title', kind: 'no_such_kind', detail: null }, { field: 'theme', kind: 'missing', detail: null }])
    expect(metadataProblems(new ApiError('metadata_invalid', 'x', { ...params, problems: odd }))).toEqual([
      { field: 'theme', kind: 'missing', detail: null },
    ])
    expect(metadataProblems(new ApiError('io', 'x', params)), 'other errors have no field problems').toEqual([])
  })
})

describe('sensitive-field commands', () => {
  it('name the dataset as a string and send position, operator and reason as policy_set takes them', async () => {
    invokeMock.mockResolvedValue({})
    await sensitiveGet(7)
    await sensitiveScan('7')
    await policySet(7, 2, 'keep', '《社会救助暂行办法》要求公示')
    await policySet(7, 1, 'pseudonymize')
    await maskPreview(7, 40, 20)
    expect(invokeMock.mock.calls).toEqual([
      ['sensitive_get', { dataset: '7' }],
      ['sensitive_scan', { dataset: '7' }],
      ['policy_set', { dataset: '7', position: 2, operator: 'keep', reason: '《社会救助暂行办法》要求公示' }],
      ['policy_set', { dataset: '7', position: 1, operator: 'pseudonymize', reason: null }],
      ['mask_preview', { dataset: '7', offset: 40, limit: 20 }],
    ])
  })

  it('keeps a preview request within what the Rust side accepts (u64 offset, at most 500 rows)', async () => {
    invokeMock.mockResolvedValue({ columns: [], rows: [] })
    await maskPreview(7, -3, 10_000)
    await maskPreview(7, 2.7, 0)
    expect(invokeMock.mock.calls).toEqual([
      ['mask_preview', { dataset: '7', offset: 0, limit: 500 }],
      ['mask_preview', { dataset: '7', offset: 2, limit: 1 }],
    ])
  })

  it('run the egress gate and read and change the masking conventions with camelCase argument names', async () => {
    invokeMock.mockResolvedValue([])
    await egressCheck(7)
    await maskingConventions()
    await maskingConventionSet('id_card', 'mask', 4, 4)
    await maskingConventionSet('health', 'pseudonymize')
    await maskingConventionSet('phone', null)
    expect(invokeMock.mock.calls).toEqual([
      ['egress_check', { dataset: '7' }],
      ['masking_conventions'],
      // Tauri turns keepHead into the Rust parameter keep_head.
      ['masking_convention_set', { category: 'id_card', operator: 'mask', keepHead: 4, keepTail: 4 }],
      ['masking_convention_set', { category: 'health', operator: 'pseudonymize', keepHead: null, keepTail: null }],
      ['masking_convention_set', { category: 'phone', operator: null, keepHead: null, keepTail: null }],
    ])
  })

  it('turns a blocked export into egress_blocked with the column, hits and rows', async () => {
    invokeMock.mockRejectedValueOnce({
      code: 'egress_blocked',
      message: 'the public copy of column 备注 still holds 3 identifiers (rows 5, 9, 12); nothing was written',
      params: { column: '备注', hits: '3', rows: '5, 9, 12', columns: '1' },
    })
    const error = await egressCheck(7).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'egress_blocked', params: { column: '备注', hits: '3', rows: '5, 9, 12', columns: '1' } })
  })

  it('listens for whole-table scans and hands over the dataset id', async () => {
    const unlisten = vi.fn()
    let handler: ((event: Event<number>) => void) | undefined
    listenMock.mockImplementationOnce(async (_name, cb) => {
      handler = cb as (event: Event<number>) => void
      return unlisten
    })
    const seen: number[] = []
    const stop = await onSensitiveScanned((id) => seen.push(id))
    expect(SENSITIVE_SCANNED_EVENT, 'the name the desktop emits').toBe('kaifang://sensitive-scanned')
    expect(listenMock).toHaveBeenCalledWith(SENSITIVE_SCANNED_EVENT, expect.any(Function))
    handler?.({ event: SENSITIVE_SCANNED_EVENT, id: 3, payload: 7 })
    expect(seen).toEqual([7])
    stop()
    expect(unlisten).toHaveBeenCalledTimes(1)
  })

  it('turns a refused keep into policy_reason_required with the column named', async () => {
    invokeMock.mockRejectedValueOnce({ code: 'policy_reason_required', message: 'needs a reason', params: { column: '身份证号' } })
    const error = await policySet(7, 2, 'keep').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code: 'policy_reason_required', params: { column: '身份证号' } })
  })
})

describe('users, review and bundle commands', () => {
  it('send their arguments as the Rust commands take them', async () => {
    invokeMock.mockResolvedValue(null)
    await usersList()
    await userAdd('王五', ['clerk', 'steward'], 'correct horse')
    await userAdd('王五', ['steward'], null)
    await userSetPassphrase('王五', 'battery staple', 'correct horse')
    await userSetPassphrase('张三', 'new passphrase', null)
    await sessionSetUser('王五', 'battery staple')
    await sessionUnlock('battery staple')
    await sessionLock()
    await reviewSubmit(7)
    await reviewApprove('7', '  数据完整 ')
    await reviewApprove(7, '   ')
    await reviewQueue()
    await reviewHistory(7)
    await reviewChanges(7)
    await datasetHistory(7)
    await bundleExport([7, '9'], false)
    await pickBundleFile()
    await bundleImport('b-1')
    expect(invokeMock.mock.calls).toEqual([
      ['users_list'],
      ['user_add', { name: '王五', roles: ['clerk', 'steward'], passphrase: 'correct horse' }],
      ['user_add', { name: '王五', roles: ['steward'], passphrase: null }],
      ['user_set_passphrase', { name: '王五', passphrase: 'battery staple', current: 'correct horse' }],
      ['user_set_passphrase', { name: '张三', passphrase: 'new passphrase', current: null }],
      ['session_set_user', { name: '王五', passphrase: 'battery staple' }],
      ['session_unlock', { passphrase: 'battery staple' }],
      ['session_lock'],
      ['review_submit', { dataset: '7' }],
      ['review_approve', { dataset: '7', comment: '数据完整', confirmSpecial: false }],
      ['review_approve', { dataset: '7', comment: null, confirmSpecial: false }],
      ['review_queue'],
      ['review_history', { dataset: '7' }],
      ['review_changes', { dataset: '7' }],
      ['dataset_history', { dataset: '7' }],
      ['bundle_export', { datasets: ['7', '9'], decisions: false }],
      ['pick_bundle_file'],
      ['bundle_import', { token: 'b-1' }],
    ])
  })

  it('the office key commands name their arguments as the Rust side does', async () => {
    invokeMock.mockResolvedValue(null)
    await keyOwn()
    await keyExport()
    await pickKeyFile()
    await keyInspect('k-1')
    await keyTrust('k-1')
    await keysTrusted()
    await keyUntrust('K7QD-M2XA-9F4R-TZ3B')
    expect(invokeMock.mock.calls).toEqual([
      ['key_own'],
      ['key_export'],
      ['pick_key_file'],
      ['key_inspect', { token: 'k-1' }],
      ['key_trust', { token: 'k-1' }],
      ['keys_trusted'],
      ['key_untrust', { fingerprint: 'K7QD-M2XA-9F4R-TZ3B' }],
    ])
  })

  it('sends review comments with targets as `field:<id>` and `column:<position>`', async () => {
    invokeMock.mockResolvedValue(null)
    await reviewReturn(7, '请补充摘要', [
      [{ kind: 'field', field: 'description' }, '请说明来源'],
      [{ kind: 'column', position: 0 }, '姓名应遮盖'],
    ])
    expect(invokeMock).toHaveBeenCalledWith('review_return', {
      dataset: '7',
      comment: '请补充摘要',
      targeted: [
        ['field:description', '请说明来源'],
        ['column:0', '姓名应遮盖'],
      ],
    })
  })

  it('reads stored targets back, and none it does not know', () => {
    expect(parseTarget('field:contact_email')).toEqual({ kind: 'field', field: 'contact_email' })
    expect(parseTarget('column:12')).toEqual({ kind: 'column', position: 12 })
    for (const odd of ['', 'field:', 'column:', 'column:-1', 'column:2a', 'row:3']) expect(parseTarget(odd), odd).toBeNull()
    expect(targetKey({ kind: 'column', position: 3 })).toBe('column:3')
  })

  it('tells review bundles from spreadsheets by the name only', () => {
    expect(isBundleFile({ token: 't', file_name: '审核包-2025.kaifang', size: 1 })).toBe(true)
    expect(isBundleFile({ token: 't', file_name: 'RESULT.KAIFANG', size: 1 })).toBe(true)
    expect(isBundleFile({ token: 't', file_name: 'kaifang.xlsx', size: 1 })).toBe(false)
  })
})

describe('dropped files', () => {
  it('listens for the drop event and hands over its payload, returning the unlisten function', async () => {
    const unlisten = vi.fn()
    let handler: ((event: Event<ChosenFile>) => void) | undefined
    listenMock.mockImplementationOnce(async (_name, cb) => {
      handler = cb as (event: Event<ChosenFile>) => void
      return unlisten
    })
    const seen: ChosenFile[] = []
    const stop = await onFileDropped((f) => seen.push(f))
    expect(listenMock).toHaveBeenCalledWith(FILE_DROPPED_EVENT, expect.any(Function))
    expect(FILE_DROPPED_EVENT).toBe('kaifang://file-dropped')
    handler?.({ event: FILE_DROPPED_EVENT, id: 1, payload: file })
    expect(seen).toEqual([file])
    stop()
    expect(unlisten).toHaveBeenCalledTimes(1)
  })

  it('reports a refused listener as an ApiError', async () => {
    listenMock.mockRejectedValueOnce('event.listen not allowed')
    await expect(onFileDropped(() => {})).rejects.toMatchObject({ code: 'internal' })
  })
})

describe('errors', () => {
  it('knows the new codes of import and datasets, so they are translated rather than shown as internal', () => {
    for (const code of ['import_duplicate', 'cancelled', 'dataset_not_found', 'file_not_chosen', 'review_wrong_state'] as const) {
      expect(ERROR_CODES).toContain(code)
    }
    const error = ApiError.from({ code: 'import_duplicate', message: 'dup', params: { dataset: '3', name: 'x', version: '1' } })
    expect(error).toMatchObject({ code: 'import_duplicate', params: { dataset: '3', name: 'x', version: '1' } })
  })

  it('turns an ErrorPayload rejection into an ApiError with code, params and detail', async () => {
    const payload: ErrorPayload = {
      code: 'workspace_newer_schema',
      message: '/w.sqlite3 was written by a newer Kaifang (schema 3; this version reads up to 1)',
      params: { path: '/w.sqlite3', found: '3', supported: '1' },
    }
    invokeMock.mockRejectedValueOnce(payload)
    const error = await workspaceInfo().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({
      code: 'workspace_newer_schema',
      params: { path: '/w.sqlite3', found: '3', supported: '1' },
      detail: payload.message,
      message: payload.message,
    })
  })

  it.each([
    ['a panic string', 'command app_context not found'],
    ['a JS error (no Tauri runtime)', new TypeError("Cannot read properties of undefined (reading 'invoke')")],
    ['a payload with an unknown code', { code: 'no_such_code', message: 'x', params: {} }],
    ['a payload without params', { code: 'io', message: 'x' }],
    ['null', null],
  ])('turns %s into an internal ApiError', async (_label, reason) => {
    invokeMock.mockRejectedValueOnce(reason)
    const error = await appContext().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code, 'only a well-formed payload may choose the code').toBe('internal')
    expect((error as ApiError).params).toEqual({})
  })

  it('keeps a string rejection as the detail for support', async () => {
    invokeMock.mockRejectedValueOnce('command audit_verify not allowed')
    const error = await auditVerify().catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'internal', detail: 'command audit_verify not allowed' })
  })

  it('drops params that are not strings so translations never show "undefined"', () => {
    // What arrives over IPC is untyped JSON: a null may stand where a string belongs.
    const fromWire = JSON.parse('{"code":"io","message":"x","params":{"path":"/a","other":null}}') as ErrorPayload
    const error = ApiError.fromPayload(fromWire)
    expect(error.params).toEqual({ path: '/a' })
  })
})

describe('publishing', () => {
  it('portal_save trims the fields and sends a token only when one is typed', async () => {
    invokeMock.mockResolvedValue({ name: '省平台', url: 'https://data.example.gov.cn', org: 'xian', has_token: true })
    await portalSave(' 省平台 ', ' https://data.example.gov.cn ', ' xian ', ' tok-123 ')
    expect(invokeMock).toHaveBeenLastCalledWith('portal_save', {
      name: '省平台',
      url: 'https://data.example.gov.cn',
      org: 'xian',
      token: 'tok-123',
    })
    await portalSave('省平台', 'https://data.example.gov.cn', 'xian', '   ')
    expect(invokeMock, 'a blank token keeps the stored one').toHaveBeenLastCalledWith('portal_save', expect.objectContaining({ token: null }))
    await portalSave('省平台', 'https://data.example.gov.cn', 'xian', null)
    expect(invokeMock).toHaveBeenLastCalledWith('portal_save', expect.objectContaining({ token: null }))
  })

  it('the portal and outbox commands name their arguments as the Rust side does', async () => {
    invokeMock.mockResolvedValue([])
    await portalList()
    expect(invokeMock).toHaveBeenLastCalledWith('portal_list')
    await portalRemove('省平台')
    expect(invokeMock).toHaveBeenLastCalledWith('portal_remove', { name: '省平台' })
    await portalTest('省平台')
    expect(invokeMock).toHaveBeenLastCalledWith('portal_test', { name: '省平台' })
    await publish(null)
    expect(invokeMock, 'null: every approved dataset, to the only portal').toHaveBeenLastCalledWith('publish', {
      datasets: null,
      portal: null,
    })
    await publish([7, '8'], '省平台')
    expect(invokeMock).toHaveBeenLastCalledWith('publish', { datasets: ['7', '8'], portal: '省平台' })
    await outboxList()
    expect(invokeMock).toHaveBeenLastCalledWith('outbox_list')
    await outboxRetry(12)
    expect(invokeMock).toHaveBeenLastCalledWith('outbox_retry', { id: 12 })
    await datasetPublications(7)
    expect(invokeMock).toHaveBeenLastCalledWith('dataset_publications', { dataset: '7' })
  })

  it('listens for outbox changes and hands over each item', async () => {
    const unlisten = vi.fn()
    let handler: ((event: Event<OutboxItem>) => void) | undefined
    listenMock.mockImplementationOnce(async (_name, cb) => {
      handler = cb as (event: Event<OutboxItem>) => void
      return unlisten
    })
    const seen: OutboxItem[] = []
    const stop = await onOutbox((item) => seen.push(item))
    expect(OUTBOX_EVENT).toBe('kaifang://outbox')
    expect(listenMock).toHaveBeenCalledWith(OUTBOX_EVENT, expect.any(Function))
    const item: OutboxItem = {
      id: 1,
      dataset: 7,
      name: '低保名单',
      version: 2,
      portal: '省平台',
      state: 'published',
      attempts: 1,
      next_attempt_at: '2025-03-01T00:00:00Z',
      error: null,
      queued_at: '2025-03-01T00:00:00Z',
      updated_at: '2025-03-01T00:00:01Z',
      url: 'https://data.example.gov.cn/dataset/dibao',
    }
    handler?.({ event: OUTBOX_EVENT, id: 2, payload: item })
    expect(seen).toEqual([item])
    stop()
    expect(unlisten).toHaveBeenCalledTimes(1)
  })
})

describe('the changed event', () => {
  it('listens for the audit log growing and hands over the topics and datasets', async () => {
    const unlisten = vi.fn()
    let handler: ((event: Event<Changed>) => void) | undefined
    listenMock.mockImplementationOnce(async (_name, cb) => {
      handler = cb as (event: Event<Changed>) => void
      return unlisten
    })
    const seen: Changed[] = []
    const stop = await onChanged((c) => seen.push(c))
    expect(CHANGED_EVENT).toBe('kaifang://changed')
    expect(listenMock).toHaveBeenCalledWith(CHANGED_EVENT, expect.any(Function))
    const changed: Changed = { topics: ['sensitive', 'review'], datasets: [7] }
    handler?.({ event: CHANGED_EVENT, id: 3, payload: changed })
    expect(seen).toEqual([changed])
    stop()
    expect(unlisten).toHaveBeenCalledTimes(1)
  })

  it('reports a refused listener as an ApiError', async () => {
    listenMock.mockRejectedValueOnce('event.listen not allowed')
    await expect(onChanged(() => {})).rejects.toMatchObject({ name: 'ApiError', code: 'internal' })
  })
})

describe('lists checked against the bindings', () => {
  it('keeps the orders the screens show them in', () => {
    expect(DATASET_STATUSES).toEqual(['draft', 'submitted', 'returned', 'approved', 'published'])
    expect(OUTBOX_STATES).toEqual(['queued', 'uploading', 'published', 'failed'])
    expect(CHECKLIST_ITEMS).toEqual(['metadata_complete', 'dictionary_described', 'open_type_chosen', 'sensitive_fields_handled'])
    expect(TOPICS).toEqual(['datasets', 'metadata', 'sensitive', 'review', 'publish', 'users', 'settings', 'backups'])
    expect(isDatasetStatus('approved')).toBe(true)
    expect(isDatasetStatus('archived')).toBe(false)
    expect(isOutboxState('failed')).toBe(true)
    expect(isOutboxState('toString'), 'not a prototype key').toBe(false)
  })
})
