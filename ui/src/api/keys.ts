// Office keys: a steward's own key file to hand out, and the stewards' keys this
// workspace trusts (imported from their files, the fingerprint compared by phone).

import type { ChosenFile } from './bindings/ChosenFile'
import type { OfficeKey } from './bindings/OfficeKey'
import type { TrustedKey } from './bindings/TrustedKey'
import { call } from './core'

/** The acting steward's own office key; `null` for a clerk, or a steward whose
 * keys do not exist yet. */
export function keyOwn(): Promise<OfficeKey | null> {
  return call('key_own')
}

/** Saves the acting steward's office key file where the user chooses (the save
 * dialog is the desktop's); the file name, or `null` when cancelled. */
export function keyExport(): Promise<string | null> {
  return call('key_export')
}

/** The native open dialog for an office key file (.kaifang-key); `null` when cancelled. */
export function pickKeyFile(): Promise<ChosenFile | null> {
  return call('pick_key_file')
}

/** Reads and checks a chosen key file: whose it is and its fingerprint, to be
 * compared before trusting it. Changes nothing. */
export function keyInspect(token: string): Promise<OfficeKey> {
  return call('key_inspect', { token })
}

/** Trusts the chosen key file (a steward action). */
export function keyTrust(token: string): Promise<TrustedKey> {
  return call('key_trust', { token })
}

/** The stewards' keys this workspace trusts. */
export function keysTrusted(): Promise<TrustedKey[]> {
  return call('keys_trusted')
}

/** Stops trusting a key (a steward action). */
export async function keyUntrust(fingerprint: string): Promise<void> {
  await call('key_untrust', { fingerprint })
}
