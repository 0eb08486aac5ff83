// Re-identification risk of a record list's public copy: the figures, the
// suggested fix (generalisation, then suppression of single values), the
// clerk's quasi-identifiers, and the office's k.

import type { RiskView } from './bindings/RiskView'
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

/** The office's k (5 until a steward sets it). */
export function officeKGet(): Promise<number> {
  return call('office_k_get')
}

/** Sets the office's k (2 to 100): a steward's setting, audited. */
export function officeKSet(k: number): Promise<number> {
  return call('office_k_set', { k })
}
