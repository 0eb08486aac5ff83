import { describe, expect, it } from 'vitest'

import {
  ApiError,
  CATEGORIES,
  CHECKLIST_ITEMS,
  ERROR_CODES,
  OPERATORS,
  PROBLEM_KINDS,
  PUBLIC_REASONS,
  type ChecklistKey,
  type ErrorCode,
  type FindingKind,
  type Operator,
  type ProblemKind,
  type PublicReason,
} from '../api'
import en from './en'
import { errorText } from './errorText'
import { i18n } from '.'
import zhCN, { type Messages } from './zh-CN'

// Written out by hand from Operator (crates/kaifang-core/src/sensitive/mask.rs).
const OPERATOR_LIST = ['keep', 'mask', 'pseudonymize', 'generalize', 'redact', 'drop'] as const satisfies readonly Operator[]

// Written out by hand from PublicReason (crates/kaifang-core/src/sensitive/classify.rs).
const PUBLIC_REASON_LIST = [
  'registry_role',
  'facility_staff',
  'official_vehicle',
  'institution_contact',
  'facility_location',
] as const satisfies readonly PublicReason[]

// The ids some errors send (review.rs: roles, the actions of gate(), dataset statuses).
const ROLE_LIST = ['clerk', 'steward'] as const
const ACTION_LIST = ['submit', 'approve', 'return', 'publish', 'bundle', 'send_back'] as const

// Written out by hand from FindingKind (crates/kaifang-core/src/profile.rs).
const FINDING_KINDS = [
  'blank_rows',
  'duplicate_rows',
  'mixed_types',
  'excel_mangled_numbers',
  'surrounding_spaces',
  'full_width_digits',
  'leading_zeros',
  'ragged_rows',
] as const satisfies readonly FindingKind[]

// Written out by hand from ProblemKind (crates/kaifang-core/src/metadata/validate.rs).
const PROBLEM_KIND_LIST = [
  'missing',
  'too_long',
  'control_characters',
  'emoji',
  'not_in_code_list',
  'invalid_date',
  'end_before_start',
  'invalid_email',
  'invalid_phone',
  'invalid_region_code',
  'invalid_identifier',
  'too_many_keywords',
  'unknown_field',
] as const satisfies readonly ProblemKind[]

// The checklist's items (score() in crates/kaifang-core/src/metadata/mod.rs).
const CHECKLIST_LIST = [
  'metadata_complete',
  'dictionary_described',
  'open_type_chosen',
  'sensitive_fields_handled',
] as const satisfies readonly ChecklistKey[]

// Problems whose {detail} carries a limit or a value the message must show.
const PROBLEMS_WITH_DETAIL: ReadonlySet<ProblemKind> = new Set([
  'too_long',
  'not_in_code_list',
  'invalid_date',
  'end_before_start',
  'too_many_keywords',
])

// The params each error's payload carries (the `params()` of the Rust error enums).
const ERROR_PARAMS: Partial<Record<ErrorCode, readonly string[]>> = {
  workspace_missing: ['path'],
  workspace_create_dir: ['path'],
  workspace_not_a_database: ['path'],
  workspace_foreign: ['path'],
  workspace_newer_schema: ['path', 'found', 'supported'],
  import_read: ['path'],
  import_file_in_use: ['path'],
  import_empty_file: ['path'],
  import_lock_file: ['path'],
  import_not_a_table: ['path'],
  import_password: ['path'],
  import_corrupt: ['path'],
  import_zip_bomb: ['path', 'expanded_mb'],
  import_zip_size_mismatch: ['path'],
  import_shared_strings_too_large: ['path', 'size_mb', 'limit_mb', 'strings', 'limit_strings'],
  import_too_many_cells: ['path', 'cells', 'limit'],
  import_too_large: ['path', 'size_mb', 'limit_mb'],
  import_sheet_not_found: ['sheet'],
  import_no_rows: ['sheet'],
  import_too_many_columns: ['row', 'limit'],
  import_cell_too_large: ['row', 'column', 'size_kb', 'limit_kb'],
  import_row_too_large: ['row', 'limit_mb'],
  import_expands: ['file', 'size_kb', 'limit_mb'],
  import_mixed_encoding: ['row', 'encoding'],
  import_ragged: ['row', 'found', 'expected'],
  import_header_row: ['row', 'available'],
  metadata_invalid: ['field', 'label', 'problem', 'detail', 'count', 'problems'],
  policy_reason_required: ['column'],
  policy_operator_not_applicable: ['column', 'operator'],
  convention_not_applicable: ['category', 'operator'],
  risk_k_out_of_range: ['k', 'min', 'max'],
  risk_reason_required: ['k', 'office_k', 'at_risk'],
  table_contributions_invalid: ['column', 'n'],
  table_dominance_out_of_range: ['n', 'k'],
  clean_column_missing: ['column'],
  clean_column_exists: ['column'],
  clean_step_invalid: ['reason'],
  clean_step_not_found: ['step'],
  clean_recipe_invalid: ['reason'],
  clean_recipe_unmapped: ['columns'],
  egress_blocked: ['column', 'hits', 'rows', 'columns'],
  import_duplicate: ['dataset', 'name', 'version'],
  dataset_not_found: ['dataset'],
  version_not_found: ['dataset', 'version'],
  column_not_found: ['dataset', 'column'],
  user_unknown: ['user'],
  user_required: ['users'],
  role_missing: ['user', 'role'],
  review_wrong_state: ['action', 'status'],
  review_metadata_incomplete: ['count'],
  review_self_approval: ['user'],
  review_special_unconfirmed: ['columns'],
  readiness_blocked: ['checks'],
  catalog_base_url_missing: [],
  catalog_base_url_invalid: ['url'],
  catalog_publisher_missing: [],
  auth_passphrase_missing: ['user'],
  auth_passphrase_wrong: ['user'],
  auth_throttled: ['user', 'seconds'],
  auth_passphrase_weak: ['min'],
  key_unknown: ['fingerprint'],
  decision_unsigned: ['dataset'],
  decision_signature_invalid: ['dataset'],
  decision_key_untrusted: ['dataset', 'fingerprint'],
  bundle_content_mismatch: ['dataset'],
  bundle_uid_collision: ['dataset'],
  bundle_not_for_you: ['file'],
  bundle_unencrypted: ['file'],
  portal_insecure: ['url'],
  bundle_corrupt: ['file'],
  bundle_tampered: ['file', 'member'],
  bundle_unsafe_path: ['file', 'member'],
  bundle_too_large: ['file', 'size_mb', 'limit_mb'],
  bundle_newer_format: ['file', 'version'],
  bundle_conflict: ['dataset'],
  bundle_stale_decision: ['dataset'],
  portal_unknown: ['portal'],
  portal_invalid_url: ['url'],
  portal_token_missing: ['portal'],
  keyring_unavailable: ['reason'],
  portal_unreachable: ['url'],
  portal_timeout: ['url'],
  portal_server_error: ['status', 'message'],
  portal_forbidden: ['message'],
  portal_not_found: ['message'],
  portal_name_taken: ['name'],
  portal_too_large: ['message'],
  portal_validation: ['message'],
  portal_org_unknown: ['org'],
  portal_bad_response: ['reason'],
  portal_schema_fields: ['fields'],
  publish_not_approved: ['dataset'],
  backup_failed: ['path', 'reason'],
  restore_invalid: ['file', 'reason'],
}

const catalogs: ReadonlyArray<[string, Messages]> = [
  ['zh-CN', zhCN],
  ['en', en],
]

/** Every leaf as [dotted key, message]. */
function leaves(node: object, prefix = ''): Array<[string, unknown]> {
  return Object.entries(node).flatMap(([key, value]): Array<[string, unknown]> =>
    typeof value === 'object' && value !== null ? leaves(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
  )
}

// Each name once: a plural form (`{n} person | {n} people`) names it in every branch.
const placeholders = (message: string): string[] =>
  [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort()

describe('message catalogs', () => {
  it.each(catalogs)('%s has a non-empty message for every error code and no others', (_lang, messages) => {
    for (const code of ERROR_CODES) {
      expect(messages.errors[code]?.trim(), `errors.${code} is shown when that error happens`).toBeTruthy()
    }
    expect(Object.keys(messages.errors).sort()).toEqual([...ERROR_CODES].sort())
  })

  it('both languages have the same keys, none empty', () => {
    const zhKeys = leaves(zhCN)
    const enKeys = leaves(en)
    expect(enKeys.map(([k]) => k)).toEqual(zhKeys.map(([k]) => k))
    for (const [key, value] of [...zhKeys, ...enKeys]) {
      expect(typeof value === 'string' && value.trim() !== '', `${key} must be a non-empty string`).toBe(true)
    }
  })

  it('a translation interpolates the same parameters in both languages', () => {
    const enByKey = new Map(leaves(en))
    for (const [key, zh] of leaves(zhCN)) {
      expect(placeholders(String(enByKey.get(key))), `placeholders of ${key}`).toEqual(placeholders(String(zh)))
    }
  })

  it('error messages interpolate only the parameters the back end sends with that code', () => {
    for (const [key, message] of [...leaves(zhCN.errors), ...leaves(en.errors)]) {
      const sent = new Set(ERROR_PARAMS[key as ErrorCode] ?? [])
      for (const name of placeholders(String(message))) {
        expect(sent.has(name), `errors.${key} uses {${name}}`).toBe(true)
      }
    }
  })

  it.each(catalogs)('%s describes every finding kind, naming its column only where it has one', (_lang, messages) => {
    const tableWide = new Set(['blank_rows', 'duplicate_rows', 'ragged_rows'])
    expect(Object.keys(messages.dataset.findings.kinds).sort()).toEqual([...FINDING_KINDS].sort())
    for (const kind of FINDING_KINDS) {
      const message = messages.dataset.findings.kinds[kind]
      expect(message?.trim(), `dataset.findings.kinds.${kind}`).toBeTruthy()
      expect(placeholders(message), `${kind} says how many`).toContain('count')
      expect(placeholders(message).includes('column'), `${kind} names its column`).toBe(!tableWide.has(kind))
    }
  })

  it('the API knows exactly the problem kinds and checklist items of the Rust side', () => {
    expect([...PROBLEM_KINDS].sort()).toEqual([...PROBLEM_KIND_LIST].sort())
    expect([...CHECKLIST_ITEMS].sort()).toEqual([...CHECKLIST_LIST].sort())
  })

  it.each(catalogs)('%s says every metadata problem naming its field, with the detail where there is one', (_lang, messages) => {
    expect(Object.keys(messages.meta.problems).sort()).toEqual([...PROBLEM_KIND_LIST].sort())
    for (const kind of PROBLEM_KIND_LIST) {
      const message = messages.meta.problems[kind]
      expect(message?.trim(), `meta.problems.${kind}`).toBeTruthy()
      expect(placeholders(message), `${kind} names the field`).toContain('label')
      expect(placeholders(message).includes('detail'), `${kind} shows its detail`).toBe(PROBLEMS_WITH_DETAIL.has(kind))
    }
  })

  it.each(catalogs)('%s names every checklist item', (_lang, messages) => {
    expect(Object.keys(messages.meta.checklist.items).sort()).toEqual([...CHECKLIST_LIST].sort())
    for (const item of CHECKLIST_LIST) expect(messages.meta.checklist.items[item]?.trim(), item).toBeTruthy()
  })

  it('every message compiles and renders with its parameters', () => {
    const params = Object.fromEntries(
      [
        ...['path', 'found', 'supported', 'version', 'expanded_mb', 'size_mb', 'limit_mb', 'sheet', 'row', 'limit'],
        ...['column', 'size_kb', 'limit_kb', 'encoding', 'expected', 'available', 'dataset', 'name', 'count'],
        ...['rows', 'columns', 'total', 'all', 'date', 'state', 'min', 'max', 'from', 'to', 'names', 'previous'],
        ...['added', 'removed', 'changed', 'operator', 'label', 'detail', 'value', 'reason', 'done'],
        ...['user', 'role', 'action', 'status', 'category', 'matched', 'kept'],
        ...['file', 'member', 'actor', 'fields', 'source', 'url', 'portal', 'org', 'message', 'time'],
        ...['code', 'step', 'roles', 'hits', 'masked', 'fix'],
      ].map((name) => [name, `«${name}»`]),
    )
    const { t, locale } = i18n.global
    for (const lang of ['zh-CN', 'en'] as const) {
      locale.value = lang
      for (const [key] of leaves(zhCN)) {
        const text = t(key, params)
        expect(text, `${lang} ${key} renders`).not.toBe(key)
        expect(text, `${lang} ${key} leaves no placeholder`).not.toMatch(/\{\w+\}/)
      }
    }
  })

  it('the API knows exactly the categories and operators of the Rust side', () => {
    expect([...OPERATORS].sort()).toEqual([...OPERATOR_LIST].sort())
  })

  it.each(catalogs)('%s names every category and explains every operator', (_lang, messages) => {
    expect(Object.keys(messages.sensitive.categories).sort()).toEqual([...CATEGORIES].sort())
    expect([...PUBLIC_REASONS].sort(), 'the API knows every reason a column is public').toEqual([...PUBLIC_REASON_LIST].sort())
    expect(Object.keys(messages.sensitive.publicReasons).sort()).toEqual([...PUBLIC_REASON_LIST].sort())
    for (const c of CATEGORIES) expect(messages.sensitive.categories[c]?.trim(), `category ${c}`).toBeTruthy()
    expect(Object.keys(messages.sensitive.operators).sort()).toEqual([...OPERATOR_LIST].sort())
    for (const o of OPERATOR_LIST) {
      const { name, help } = messages.sensitive.operators[o]
      expect(name.trim(), `operator ${o} has a name`).toBeTruthy()
      expect(help.trim(), `operator ${o} says what it does`).toBeTruthy()
      expect(help, `the explanation of ${o} is one line`).not.toContain('\n')
    }
    // The masking convention shows its examples, so the clerk sees what "mask" means.
    expect(messages.sensitive.operators.mask.help).toContain('138****5678')
  })

  it.each(catalogs)('%s names the roles and review actions that errors send as ids', (_lang, messages) => {
    expect(Object.keys(messages.errorParams.roles).sort()).toEqual([...ROLE_LIST].sort())
    expect(Object.keys(messages.errorParams.actions).sort()).toEqual([...ACTION_LIST].sort())
  })
})

describe('error messages', () => {
  it('show an operator, role, action and status by name, not by id', () => {
    const { locale } = i18n.global
    locale.value = 'zh-CN'
    const redact = new ApiError('policy_operator_not_applicable', 'x', { column: '身份证号', operator: 'redact' })
    expect(errorText(redact)).toContain('“去除文中个人信息”')
    expect(errorText(redact)).not.toContain('redact')
    const role = new ApiError('role_missing', 'x', { user: '王五', role: 'steward' })
    expect(errorText(role)).toContain('“审核人”')
    const state = new ApiError('review_wrong_state', 'x', { action: 'approve', status: 'draft' })
    expect(errorText(state)).toBe('数据集当前状态为“草稿”，现在不能通过。请刷新后查看最新状态。')
    const inCatalog = new ApiError('egress_blocked', 'x', { column: '身份证号', hits: '3', rows: '1-3', in_dataset: '低保名单' })
    expect(errorText(inCatalog), 'one dataset of the catalogue is named').toMatch(/^“低保名单”：未写出或上传任何内容/)
    const sendBack = new ApiError('review_wrong_state', 'x', { action: 'send_back', status: 'submitted' })
    expect(errorText(sendBack), 'the decision bundle’s action is named, not sent as an id').toBe(
      '数据集当前状态为“已提交”，现在不能导出审核结果。请刷新后查看最新状态。',
    )
    locale.value = 'en'
    expect(errorText(sendBack)).toContain('so it cannot be sent back now')
    expect(errorText(redact)).toContain('“Redact in text” cannot be used on “身份证号”')
    expect(errorText(state)).toContain('status is “Draft”, so it cannot be approved now')
    locale.value = 'zh-CN'
  })

  it('say what the egress gate stopped, and name a category sent as an id', () => {
    const { locale } = i18n.global
    locale.value = 'zh-CN'
    const blocked = new ApiError('egress_blocked', 'x', { column: '备注', hits: '3', rows: '5, 9, 12', columns: '1' })
    expect(errorText(blocked)).toBe(
      '未写出或上传任何内容：字段“备注”的公开副本中仍有 3 处证件号、手机号等标识（第 5, 9, 12 行）。请到“敏感字段”页遮盖该列或在文本中涂抹。',
    )
    const convention = new ApiError('convention_not_applicable', 'x', { category: 'id_card', operator: 'keep' })
    expect(errorText(convention), 'the category by name').toContain('“身份证号”的默认规则')
    expect(errorText(convention)).not.toContain('id_card')
    locale.value = 'en'
    expect(errorText(blocked)).toContain('column “备注” still holds 3 ID card numbers')
    expect(errorText(convention)).toContain('The default for ID card number')
    locale.value = 'zh-CN'
  })

  it('show an id the catalog does not know as it was sent', () => {
    i18n.global.locale.value = 'zh-CN'
    const odd = new ApiError('policy_operator_not_applicable', 'x', { column: '备注', operator: 'shuffle' })
    expect(errorText(odd)).toContain('“shuffle”')
  })
})
