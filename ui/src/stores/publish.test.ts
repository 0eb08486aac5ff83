import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import { onOutbox, outboxList, portalList, type OutboxItem } from '../api'
import { PORTAL, outboxItem } from '../components/publish/publishFixtures'
import { usePublishStore } from './publish'

vi.mock('../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api')>()),
  onOutbox: vi.fn(),
  outboxList: vi.fn(),
  portalList: vi.fn(),
}))

let emit: ((item: OutboxItem) => void) | undefined
const unlisten = vi.fn()

beforeEach(() => {
  vi.resetAllMocks()
  setActivePinia(createPinia())
  emit = undefined
  vi.mocked(onOutbox).mockImplementation(async (cb) => {
    emit = cb
    return unlisten
  })
  vi.mocked(portalList).mockResolvedValue([PORTAL])
  vi.mocked(outboxList).mockResolvedValue([])
})

describe('the publish store', () => {
  it('keeps the newest item first and counts the states; the badge is what still needs an eye', async () => {
    const store = usePublishStore()
    await store.start()
    emit?.(outboxItem({ id: 1, state: 'published' }))
    emit?.(outboxItem({ id: 3, dataset: 9, state: 'failed' }))
    emit?.(outboxItem({ id: 2, dataset: 8, state: 'uploading' }))
    expect(store.items.map((i) => i.id), 'newest first, as outbox_list gives them').toEqual([3, 2, 1])
    expect(store.counts).toEqual({ queued: 0, uploading: 1, published: 1, failed: 1 })
    expect(store.pending).toBe(2)
  })

  it('applies the events that arrive while the list is being read on top of it', async () => {
    let answer: (items: OutboxItem[]) => void = () => {}
    vi.mocked(outboxList).mockReturnValue(new Promise((resolve) => (answer = resolve)))
    const store = usePublishStore()
    const started = store.start()
    await vi.waitFor(() => expect(emit).toBeDefined())
    emit?.(outboxItem({ id: 1, state: 'uploading', updated_at: '2025-03-01T08:00:05Z' }))
    // The list was read before the worker picked the item up.
    answer([outboxItem({ id: 1, state: 'queued', updated_at: '2025-03-01T08:00:00Z' })])
    await started
    expect(store.items.map((i) => i.state)).toEqual(['uploading'])
  })

  it('listens once however often it is started, and stops listening', async () => {
    const store = usePublishStore()
    await store.start()
    await store.start()
    expect(onOutbox).toHaveBeenCalledTimes(1)
    store.stop()
    expect(unlisten).toHaveBeenCalledTimes(1)
  })

  it('says when live updates cannot be had, and still reads the list', async () => {
    vi.mocked(onOutbox).mockRejectedValue({ code: 'internal', message: 'event.listen not allowed', params: {} })
    vi.mocked(outboxList).mockResolvedValue([outboxItem()])
    const store = usePublishStore()
    await store.start()
    expect(store.liveError?.code).toBe('internal')
    expect(store.items).toHaveLength(1)
  })
})
