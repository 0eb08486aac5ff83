// Datasets: the list, one dataset's versions, its rows.

import type { DatasetDetail } from './bindings/DatasetDetail'
import type { DatasetStatus } from './bindings/DatasetStatus'
import type { DatasetSummary } from './bindings/DatasetSummary'
import type { Overview } from './bindings/Overview'
import type { ReadinessCheck } from './bindings/ReadinessCheck'
import type { ReadinessReport } from './bindings/ReadinessReport'
import type { RowsPage } from './bindings/RowsPage'
import type { RowsQuery } from './bindings/RowsQuery'
import { DATASET_STATUSES } from './bindings/lists'
import { call } from './core'

/** Every status a dataset can have, in the order it goes through them. */
export { DATASET_STATUSES }

export function isDatasetStatus(value: unknown): value is DatasetStatus {
  return typeof value === 'string' && (DATASET_STATUSES as string[]).includes(value)
}

export function datasetList(): Promise<DatasetSummary[]> {
  return call('dataset_list')
}

/** A dataset by id or name: the latest version, or `version`. */
export function datasetShow(dataset: string | number, version: number | null = null): Promise<DatasetDetail> {
  return call('dataset_show', { dataset: String(dataset), version })
}

/** A page of rows (at most 5,000), sorted and filtered on the Rust side. */
export function datasetRows(dataset: string | number, query: RowsQuery): Promise<RowsPage> {
  return call('dataset_rows', { dataset: String(dataset), query })
}

/** The office's datasets at a glance: counts, completeness, the update calendar. */
export function officeOverview(): Promise<Overview> {
  return call('office_overview')
}

/** Readiness checks of one dataset, or of every dataset (worst first). */
export function readinessCheck(dataset: string | number | null = null): Promise<ReadinessReport[]> {
  return call('readiness_check', { dataset: dataset === null ? null : String(dataset) })
}

/** The readiness checks that block a submission. */
export function readinessBlocking(): Promise<ReadinessCheck[]> {
  return call('readiness_blocking')
}

/** A steward sets the checks that block a submission. */
export function readinessSetBlocking(checks: ReadinessCheck[]): Promise<ReadinessCheck[]> {
  return call('readiness_set_blocking', { checks })
}
