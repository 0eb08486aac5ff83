// Re-identification risk of a record list's public copy: the figures, the
// suggested fix (generalisation, then suppression of single values), the
// clerk's quasi-identifiers, and the office's k.

import type { OfficeRisk } from './bindings/OfficeRisk'
import type { RiskView } from './bindings/RiskView'
import type { SuppressionReport } from './bindings/SuppressionReport'
import type { TableSpec } from './bindings/TableSpec'
import { call } from './core'

/** The figures on the public copy, the fix that would reach the office's k and
 * the clerk's choices. Reads every row (a second or two on a million rows). */
export function riskGet(dataset: string | number): Promise<RiskView> {
  return call('risk_get', { dataset: String(dataset) })
}

/** Chooses the quasi-identifiers (and a sensitive column for ℓ-diversity). An
 * edit: it withdraws a submission or voids an approval. */
export function riskSetQuasi(dataset: string | number, quasi: string[], sensitive: string | null): Promise<RiskView> {
  return call('risk_set_quasi', { dataset: String(dataset), quasi, sensitive })
}

/** Takes the suggested fix: the generalisations join the masking policy and the
 * suppressed values are published as `*`. */
export function riskFix(dataset: string | number): Promise<RiskView> {
  return call('risk_fix', { dataset: String(dataset) })
}

/** Takes back every generalisation and suppression of the dataset. */
export function riskUndo(dataset: string | number): Promise<RiskView> {
  return call('risk_undo', { dataset: String(dataset) })
}

/** Why the list may go out with groups below the office's k (`null` takes the
 * reason back). Audited. */
export function riskSetReason(dataset: string | number, reason: string | null): Promise<RiskView> {
  return call('risk_set_reason', { dataset: String(dataset), reason })
}

/** The office's k (5 until a steward sets it) and the frequency threshold of
 * statistics tables (3). */
export function officeRiskGet(): Promise<OfficeRisk> {
  return call('office_risk_get')
}

/** Sets both (2 to 100): a steward's setting, audited. */
export function officeRiskSet(k: number, threshold: number): Promise<OfficeRisk> {
  return call('office_risk_set', { k, threshold })
}

/** A statistics table's suppression, previewed (`spec` null: the saved one, or
 * one read from the columns with the office's threshold). Nothing is kept. */
export function tablePreview(dataset: string | number, spec: TableSpec | null): Promise<SuppressionReport> {
  return call('table_preview', { dataset: String(dataset), spec })
}

/** Marks the dataset as a statistics table and keeps the suppression: the cells
 * are published as the marker. An edit: it withdraws a submission. */
export function tableApply(dataset: string | number, spec: TableSpec): Promise<SuppressionReport> {
  return call('table_apply', { dataset: String(dataset), spec })
}
