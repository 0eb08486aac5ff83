// Publishing: the portals, the outbox the background worker works through, and
// where a dataset is published.

import type { UnlistenFn } from './core'

import type { CatalogWritten } from './bindings/CatalogWritten'
import type { ConnectionReport } from './bindings/ConnectionReport'
import type { OutboxItem } from './bindings/OutboxItem'
import type { OutboxState } from './bindings/OutboxState'
import type { PortalConfig } from './bindings/PortalConfig'
import type { Publication } from './bindings/Publication'
import type { Serialization } from './bindings/Serialization'
import { OUTBOX_STATES } from './bindings/lists'
import { call, listenTo } from './core'

/** An outbox item's states, in the order an item goes through them. */
export { OUTBOX_STATES }

export function isOutboxState(value: unknown): value is OutboxState {
  return typeof value === 'string' && (OUTBOX_STATES as string[]).includes(value)
}

/** The portals set up in this workspace (never their tokens). */
export function portalList(): Promise<PortalConfig[]> {
  return call('portal_list')
}

/** Adds or changes a portal. A token goes straight to the OS keyring; an empty
 * one (or `null`) keeps the token stored, so editing a portal never needs it. */
export function portalSave(name: string, url: string, org: string, token: string | null): Promise<PortalConfig> {
  const secret = token?.trim() ?? ''
  return call('portal_save', { name: name.trim(), url: url.trim(), org: org.trim(), token: secret === '' ? null : secret })
}

/** Removes a portal and its token from the keyring. */
export async function portalRemove(name: string): Promise<void> {
  await call('portal_remove', { name })
}

/** Whether an Excel (XLSX) file goes to the portal beside each CSV. */
export function publishXlsx(): Promise<boolean> {
  return call('publish_xlsx')
}

/** A steward chooses whether an XLSX goes beside each CSV. */
export function publishSetXlsx(on: boolean): Promise<boolean> {
  return call('publish_set_xlsx', { on })
}

/** The address the harvestable catalogue was last exported for, if any. */
export function catalogBaseUrl(): Promise<string | null> {
  return call('catalog_base_url')
}

/** Writes the harvestable DCAT-AP catalogue and its public files into a folder
 * the user chooses (a dialog from Rust); `null` when they cancelled. */
export function catalogExport(serialization: Serialization, baseUrl: string): Promise<CatalogWritten | null> {
  return call('catalog_export', { serialization, baseUrl: baseUrl.trim() })
}

/** "Test connection": whether the address, the token and the organisation are right. */
export function portalTest(name: string): Promise<ConnectionReport> {
  return call('portal_test', { name })
}

/** Queues datasets for publishing and wakes the background worker: the given
 * ones, or with `null` every approved one; `portal` `null` means the only one. */
export function publish(datasets: ReadonlyArray<string | number> | null, portal: string | null = null): Promise<OutboxItem[]> {
  return call('publish', { datasets: datasets ? datasets.map(String) : null, portal })
}

/** Everything queued, uploading, published or failed, newest first. */
export function outboxList(): Promise<OutboxItem[]> {
  return call('outbox_list')
}

/** Queues a failed item again, to be tried at once. */
export function outboxRetry(id: number): Promise<OutboxItem> {
  return call('outbox_retry', { id })
}

/** Where a dataset is published: one entry per portal. */
export function datasetPublications(dataset: string | number): Promise<Publication[]> {
  return call('dataset_publications', { dataset: String(dataset) })
}

/** The event the publishing worker emits on every change of an outbox item. */
export const OUTBOX_EVENT = 'kaifang://outbox'

/** Calls `onItem` with each outbox item as its state changes; call the result to stop. */
export function onOutbox(onItem: (item: OutboxItem) => void): Promise<UnlistenFn> {
  return listenTo<OutboxItem>(OUTBOX_EVENT, onItem)
}
