// An audit entry about a dataset in plain words: "张三 imported version 2 from
// 人口.xlsx (1,204 rows)". Kept out of the component so each action's wording
// can be tested alone.

import { isOperator, type FieldDef, type HistoryEntry } from '../../api'
import { formatNumber } from '../../format'
import type { Language } from '../../i18n'
import { fieldLabel } from '../metadata/form'

export type Translate = (key: string, named?: Record<string, unknown>) => string
export type HasKey = (key: string) => boolean

export interface Context {
  t: Translate
  te: HasKey
  lang: Language
  defs: readonly FieldDef[]
  /** Column names by position (of the latest version). */
  columns: ReadonlyMap<number, string>
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

function column(ctx: Context, v: unknown): string {
  const position = num(v)
  if (position === null) return str(v)
  return ctx.columns.get(position) ?? ctx.t('history.columnNumber', { column: position + 1 })
}

function list(ctx: Context, items: readonly string[]): string {
  return items.join(ctx.lang === 'zh-CN' ? '、' : ', ')
}

/** The sentence for one entry; an action this version does not know is named as sent. */
export function describe(entry: HistoryEntry, ctx: Context): string {
  const { t, te } = ctx
  const d = entry.detail
  const key = `history.actions.${entry.action}`
  if (!te(key)) return t('history.other', { actor: entry.actor, action: entry.action })
  const rows = num(d.rows)
  const fields = Array.isArray(d.fields)
    ? d.fields.map((f) => {
        const def = ctx.defs.find((x) => x.id === f)
        return def ? fieldLabel(def, ctx.lang) : str(f)
      })
    : []
  const operator = str(d.operator)
  const action = str(d.action)
  return t(key, {
    actor: entry.actor,
    version: str(d.version ?? d.origin_version),
    file: str(d.file),
    rows: rows === null ? '' : formatNumber(rows, ctx.lang),
    fields: list(ctx, fields),
    column: column(ctx, d.column),
    operator: isOperator(operator) ? t(`sensitive.operators.${operator}.name`) : operator,
    count: str(d.comments),
    user: str(d.submitted_by ?? d.by),
    portal: str(d.portal),
    action: te(`errorParams.actions.${action}`) ? t(`errorParams.actions.${action}`) : action,
  })
}

/** Details worth a second line: a reason given, personal data found. */
export function extra(entry: HistoryEntry, ctx: Context): string[] {
  const d = entry.detail
  const out: string[] = []
  if (entry.action === 'policy.changed' && typeof d.reason === 'string' && d.reason.trim() !== '') {
    out.push(ctx.t('history.reason', { reason: d.reason }))
  }
  if (entry.action === 'dictionary.changed' && typeof d.open === 'boolean') {
    out.push(ctx.t(d.open ? 'history.openedColumn' : 'history.closedColumn'))
  }
  if (entry.action === 'sensitive.scanned') {
    const personal = Array.isArray(d.personal) ? d.personal.filter((p): p is string => typeof p === 'string') : []
    const names = [...new Set(personal)].map((c) => (ctx.te(`sensitive.categories.${c}`) ? ctx.t(`sensitive.categories.${c}`) : c))
    if (names.length > 0) out.push(ctx.t('history.personal', { names: list(ctx, names) }))
    if (d.full === true) out.push(ctx.t('history.fullScan'))
  }
  return out
}
