import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, reactive } from 'vue'

import { datasetRows, type DataRow, type RowsQuery } from '../../api'
import { usePagedRows, type PagedRows, type RowsKey } from './pagedRows'

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../api')>()),
  datasetRows: vi.fn(),
}))

const TOTAL = 1_000_000

/** A dataset_rows that serves a table of `total` rows, "name i" in one column. */
function serve(total = TOTAL) {
  vi.mocked(datasetRows).mockImplementation(async (_dataset, q: RowsQuery) => {
    const count = Math.max(0, Math.min(q.limit, total - q.offset))
    const rows: DataRow[] = Array.from({ length: count }, (_, i) => ({
      row: q.offset + i + 1,
      source_row: q.offset + i + 4,
      cells: [`name ${q.offset + i}`],
    }))
    return { total, offset: q.offset, rows }
  })
}

const offsets = () => vi.mocked(datasetRows).mock.calls.map(([, q]) => q.offset)

let unmount: (() => void) | null = null
function setup(key: RowsKey, options?: Parameters<typeof usePagedRows>[1]): PagedRows {
  let rows: PagedRows | undefined
  const state = reactive(key)
  const host = mount(
    defineComponent({
      setup() {
        rows = usePagedRows(() => ({ ...state }), options)
        return () => null
      },
    }),
  )
  unmount = () => host.unmount()
  if (!rows) throw new Error('not set up')
  keyState = state
  return rows
}
let keyState: RowsKey

const KEY: RowsKey = { dataset: '7', version: null, sort: null, descending: false, filter: null, filterColumn: null }

beforeEach(() => {
  vi.resetAllMocks()
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  serve()
})

afterEach(() => {
  unmount?.()
  vi.useRealTimers()
})

describe('the grid page cache', () => {
  it('asks for the first page only, to learn the total', async () => {
    const rows = setup(KEY)
    await flushPromises()
    expect(datasetRows).toHaveBeenCalledTimes(1)
    expect(datasetRows).toHaveBeenCalledWith('7', {
      version: null,
      offset: 0,
      limit: 200,
      sort: null,
      descending: false,
      filter: null,
      filter_column: null,
    })
    expect(rows.total.value).toBe(TOTAL)
    expect(rows.rowAt(199)?.cells).toEqual(['name 199'])
    expect(rows.rowAt(200), 'the next page is not fetched ahead').toBeUndefined()
  })

  it('fetches just the pages a visible range touches, once each', async () => {
    const rows = setup(KEY)
    await flushPromises()
    rows.show(0, 30)
    await flushPromises()
    expect(offsets(), 'page 0 is already here').toEqual([0])
    vi.advanceTimersByTime(100)
    rows.show(390, 410)
    await flushPromises()
    expect(offsets(), 'rows 390–410 span pages 1 and 2').toEqual([0, 200, 400])
    vi.advanceTimersByTime(100)
    rows.show(395, 415)
    await flushPromises()
    expect(offsets(), 'cached pages are not asked again').toEqual([0, 200, 400])
    expect(rows.rowAt(410)?.row).toBe(411)
  })

  it('stays near the end of a million rows without asking for what lies before', async () => {
    const rows = setup(KEY)
    await flushPromises()
    rows.show(999_990, 1_000_020)
    await flushPromises()
    expect(offsets(), 'only the last page, nothing past the end').toEqual([0, 999_800])
    expect(rows.rowAt(999_999)?.cells).toEqual(['name 999999'])
  })

  it('while the scroll bar is dragged, asks only for where it is each interval', async () => {
    const rows = setup(KEY)
    await flushPromises()
    rows.show(10_000, 10_020)
    for (let i = 1; i < 50; i++) rows.show(10_000 + i * 5_000, 10_020 + i * 5_000)
    await flushPromises()
    expect(offsets(), 'the first position at once, the passing ones held back').toEqual([0, 10_000])
    vi.advanceTimersByTime(100)
    await flushPromises()
    expect(offsets(), 'then where the bar is now').toEqual([0, 10_000, 255_000])
    vi.advanceTimersByTime(100)
    await flushPromises()
    expect(datasetRows, 'nothing more once it stopped').toHaveBeenCalledTimes(3)
  })

  it('keeps a bounded number of pages, dropping the least recently used', async () => {
    const rows = setup(KEY, { maxPages: 3 })
    await flushPromises()
    for (const page of [1, 2, 0, 3]) {
      vi.advanceTimersByTime(100)
      rows.show(page * 200, page * 200)
      await flushPromises()
    }
    expect(offsets()).toEqual([0, 200, 400, 600])
    expect(rows.rowAt(0), 'page 0 was used again, so it stays').toBeDefined()
    expect(rows.rowAt(200), 'page 1 was the least recently used').toBeUndefined()
    vi.advanceTimersByTime(100)
    rows.show(200, 200)
    await flushPromises()
    expect(offsets().at(-1), 'an evicted page is fetched again when needed').toBe(200)
  })

  it('starts over when the sort changes, and ignores answers for the old order', async () => {
    let release: (() => void) | undefined
    const rows = setup(KEY)
    await flushPromises()
    vi.advanceTimersByTime(100)
    // A slow answer for the unsorted page 5 …
    const slow = new Promise<void>((r) => (release = r))
    vi.mocked(datasetRows).mockImplementationOnce(async (_d, q) => {
      await slow
      return { total: TOTAL, offset: q.offset, rows: [{ row: 1, source_row: 1, cells: ['stale'] }] }
    })
    rows.show(1000, 1010)
    // … arrives after the user sorted by column 2.
    keyState.sort = 2
    keyState.descending = true
    await flushPromises()
    release?.()
    await flushPromises()
    const last = vi.mocked(datasetRows).mock.lastCall?.[1]
    expect(last).toMatchObject({ offset: 0, sort: 2, descending: true })
    expect(rows.rowAt(1000), 'the stale page is dropped').toBeUndefined()
    expect(rows.rowAt(0)?.cells).toEqual(['name 0'])
  })

  it('takes the total of a filter from the answer, and asks for no page beyond it', async () => {
    const rows = setup(KEY)
    await flushPromises()
    serve(450)
    keyState.filter = '城关'
    await flushPromises()
    expect(vi.mocked(datasetRows).mock.lastCall?.[1]).toMatchObject({ offset: 0, filter: '城关' })
    expect(rows.total.value).toBe(450)
    vi.advanceTimersByTime(100)
    rows.show(0, 5_000)
    await flushPromises()
    expect(offsets().slice(2), 'pages 1 and 2 hold the 450 rows').toEqual([200, 400])
  })

  it('keeps an error for the view and fetches again on reload', async () => {
    vi.mocked(datasetRows).mockRejectedValueOnce({ code: 'database', message: 'disk I/O error', params: {} })
    const rows = setup(KEY)
    await flushPromises()
    expect(rows.error.value?.code).toBe('database')
    rows.reload()
    await flushPromises()
    expect(rows.error.value).toBeNull()
    expect(rows.total.value).toBe(TOTAL)
  })
})
