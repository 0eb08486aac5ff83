// The grid's rows, fetched page by page as they scroll into view. A dataset may
// hold millions of rows, so nothing here ever holds them all: pages live in a
// small least-recently-used cache, and a change of sort or filter drops them.

import { onBeforeUnmount, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'

import { ApiError, datasetRows, type DataRow } from '../../api'

/** Rows per `dataset_rows` call: ten screens or so, small enough to arrive at once. */
export const PAGE_SIZE = 200
/** Pages kept (10,000 rows); the oldest-used is dropped first. */
export const MAX_PAGES = 50
/** While scrolling, the visible range is fetched at most this often. */
export const FETCH_INTERVAL_MS = 100

/** The grid's sort: a column position, or none (the table's own order). */
export interface GridSort {
  column: number | null
  descending: boolean
}

/** What decides which rows come back, and in what order. */
export interface RowsKey {
  dataset: string
  version: number | null
  sort: number | null
  descending: boolean
  filter: string | null
  filterColumn: number | null
}

export interface PagedRows {
  /** Rows matching the filter; null until the first page arrives. */
  total: Ref<number | null>
  error: ShallowRef<ApiError | null>
  /** Bumped whenever pages arrive, so views that read `rowAt` re-render. */
  revision: Ref<number>
  /** Bumped when the order or filter changes: the view goes back to the top. */
  epoch: Ref<number>
  /** The row at a 0-based position of the current order, if its page is here. */
  rowAt(index: number): DataRow | undefined
  /** Asks for the rows from `first` to `last` (inclusive), e.g. those on screen. */
  show(first: number, last: number): void
  /** Starts over: after an error, or when the data changed. */
  reload(): void
}

export function usePagedRows(
  key: () => RowsKey,
  { pageSize = PAGE_SIZE, maxPages = MAX_PAGES, interval = FETCH_INTERVAL_MS } = {},
): PagedRows {
  const total = ref<number | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const revision = ref(0)
  const epoch = ref(0)
  // A Map iterates in insertion order: re-inserting on use keeps the least
  // recently used page first. Not reactive: `revision` says when it changed.
  const pages = new Map<number, DataRow[]>()
  const pending = new Set<number>()
  // Answers to requests made before a reset belong to another order or filter.
  let generation = 0

  function keep(page: number, rows: DataRow[]): void {
    pages.delete(page)
    pages.set(page, rows)
    while (pages.size > maxPages) {
      const oldest = pages.keys().next()
      if (oldest.done) break
      pages.delete(oldest.value)
    }
  }

  async function fetchPage(page: number): Promise<void> {
    const cached = pages.get(page)
    if (cached) {
      keep(page, cached)
      return
    }
    if (pending.has(page)) return
    pending.add(page)
    const mine = generation
    const k = key()
    try {
      const result = await datasetRows(k.dataset, {
        version: k.version,
        offset: page * pageSize,
        limit: pageSize,
        sort: k.sort,
        descending: k.descending,
        filter: k.filter,
        filter_column: k.filterColumn,
      })
      if (mine !== generation) return
      keep(page, result.rows)
      total.value = result.total
      error.value = null
      revision.value += 1
    } catch (reason) {
      if (mine === generation) error.value = ApiError.from(reason)
    } finally {
      if (mine === generation) pending.delete(page)
    }
  }

  function ensure(first: number, last: number): void {
    const count = total.value ?? 0
    if (count === 0) return
    const from = Math.max(0, Math.floor(first / pageSize))
    const to = Math.min(Math.floor((count - 1) / pageSize), Math.floor(Math.max(first, last) / pageSize))
    for (let page = from; page <= to; page++) void fetchPage(page)
  }

  // Throttled, first call at once: scrolling reports a range per frame, and
  // dragging the scroll bar across a million rows must not ask for every page it
  // passes, only for where it is each interval and where it stops.
  let timer: ReturnType<typeof setTimeout> | undefined
  let wanted: [number, number] | null = null
  function show(first: number, last: number): void {
    if (timer !== undefined) {
      wanted = [first, last]
      return
    }
    ensure(first, last)
    const tick = (): void => {
      if (wanted) {
        const [a, b] = wanted
        wanted = null
        ensure(a, b)
        timer = setTimeout(tick, interval)
      } else {
        timer = undefined
      }
    }
    timer = setTimeout(tick, interval)
  }

  function rowAt(index: number): DataRow | undefined {
    const page = Math.floor(index / pageSize)
    return pages.get(page)?.[index - page * pageSize]
  }

  function reload(): void {
    generation += 1
    pages.clear()
    pending.clear()
    clearTimeout(timer)
    timer = undefined
    wanted = null
    error.value = null
    revision.value += 1
    epoch.value += 1
    // The first page also tells how many rows there are, which sizes the grid;
    // until it arrives the old count stands, so the grid does not flash empty.
    void fetchPage(0)
  }

  watch(() => JSON.stringify(key()), reload, { immediate: true })
  onBeforeUnmount(() => {
    clearTimeout(timer)
    generation += 1
  })

  return { total, error, revision, epoch, rowAt, show, reload }
}
