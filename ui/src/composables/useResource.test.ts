import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest'
import { effectScope, nextTick, ref, type EffectScope } from 'vue'

import { ApiError, onChanged, type Changed } from '../api'
import { changesError, startChanges, stopChanges } from '../changes'
import { concerns, useResource } from './useResource'

vi.mock('../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api')>()),
  onChanged: vi.fn(),
}))

/** What the desktop's `kaifang://changed` event reaches, as the app registered it. */
let emit: ((changed: Changed) => void) | null
let unlisten: Mock<() => void>
let scope: EffectScope

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
  await nextTick()
}

/** A load whose answers the test gives, one pending promise per call. */
function deferredLoads<T>() {
  const pending: Array<{ resolve: (value: T) => void; reject: (reason: unknown) => void }> = []
  const load = vi.fn(
    () =>
      new Promise<T>((resolve, reject) => {
        pending.push({ resolve, reject })
      }),
  )
  return { load, pending }
}

beforeEach(async () => {
  emit = null
  unlisten = vi.fn()
  vi.mocked(onChanged).mockReset()
  vi.mocked(onChanged).mockImplementation(async (cb) => {
    emit = cb
    return unlisten
  })
  await startChanges()
  scope = effectScope()
})

afterEach(() => {
  scope.stop()
  stopChanges()
})

const changed = (topics: Changed['topics'], datasets: number[] = []): Changed => ({ topics, datasets })

describe('useResource', () => {
  it('loads at once and keeps the answer', async () => {
    const load = vi.fn(async () => ['a'])
    const r = scope.run(() => useResource(load, { topics: ['datasets'] }))!
    expect(r.loading.value).toBe(true)
    await flush()
    expect(load).toHaveBeenCalledTimes(1)
    expect(r.data.value).toEqual(['a'])
    expect(r.loading.value).toBe(false)
    expect(r.error.value).toBeNull()
  })

  it('waits for reload when not immediate', async () => {
    const load = vi.fn(async () => 1)
    const r = scope.run(() => useResource(load, { topics: ['datasets'], immediate: false }))!
    await flush()
    expect(load).not.toHaveBeenCalled()
    await r.reload()
    expect(r.data.value).toBe(1)
  })

  it('reloads when an event names one of its topics, and not otherwise', async () => {
    const load = vi.fn(async () => load.mock.calls.length)
    const r = scope.run(() => useResource(load, { topics: ['sensitive', 'metadata'] }))!
    await flush()
    emit?.(changed(['review', 'publish']))
    await flush()
    expect(load, 'another area').toHaveBeenCalledTimes(1)
    emit?.(changed(['review', 'metadata']))
    await flush()
    expect(load).toHaveBeenCalledTimes(2)
    expect(r.data.value).toBe(2)
  })

  it('listens once for the whole app, however many subscribe', async () => {
    const a = vi.fn(async () => 'a')
    const b = vi.fn(async () => 'b')
    scope.run(() => {
      useResource(a, { topics: ['users'] })
      useResource(b, { topics: ['users'] })
    })
    await startChanges()
    await flush()
    emit?.(changed(['users']))
    await flush()
    expect(onChanged).toHaveBeenCalledTimes(1)
    expect(a).toHaveBeenCalledTimes(2)
    expect(b).toHaveBeenCalledTimes(2)
  })

  it('follows only its dataset when the event names datasets', async () => {
    const load = vi.fn(async () => 'x')
    const dataset = ref<string | null>('7')
    scope.run(() => useResource(load, { topics: ['sensitive'], dataset }))
    await flush()
    emit?.(changed(['sensitive'], [8, 9]))
    await flush()
    expect(load, 'other datasets').toHaveBeenCalledTimes(1)
    emit?.(changed(['sensitive'], [8, 7]))
    await flush()
    expect(load, 'this one among them').toHaveBeenCalledTimes(2)
    emit?.(changed(['sensitive']))
    await flush()
    expect(load, 'no dataset named: workspace-wide').toHaveBeenCalledTimes(3)
    dataset.value = '8'
    await flush()
    expect(load, 'a new dataset is read at once').toHaveBeenCalledTimes(4)
    emit?.(changed(['sensitive'], [8]))
    await flush()
    expect(load, 'and followed from then on').toHaveBeenCalledTimes(5)
    emit?.(changed(['sensitive'], [7]))
    await flush()
    expect(load).toHaveBeenCalledTimes(5)
  })

  it('drops a slow earlier answer that arrives after a newer one', async () => {
    const { load, pending } = deferredLoads<string>()
    const r = scope.run(() => useResource(load, { topics: ['review'] }))!
    emit?.(changed(['review']))
    await flush()
    expect(pending).toHaveLength(2)
    pending[1]?.resolve('new')
    await flush()
    expect(r.data.value).toBe('new')
    expect(r.loading.value).toBe(false)
    pending[0]?.resolve('old')
    await flush()
    expect(r.data.value, 'the stale answer is dropped').toBe('new')
    pending[0]?.reject({ code: 'internal', message: 'late', params: {} })
    await flush()
    expect(r.error.value).toBeNull()
  })

  it('does not let a stale failure hide a newer answer, nor end its loading', async () => {
    const { load, pending } = deferredLoads<string>()
    const r = scope.run(() => useResource(load, { topics: ['review'] }))!
    void r.reload()
    await flush()
    pending[0]?.reject({ code: 'workspace_busy', message: 'busy', params: {} })
    await flush()
    expect(r.error.value).toBeNull()
    expect(r.loading.value, 'the newer load still runs').toBe(true)
    pending[1]?.resolve('ok')
    await flush()
    expect(r.data.value).toBe('ok')
    expect(r.loading.value).toBe(false)
  })

  it('keeps the last answer and reports a failed reload as an ApiError', async () => {
    let fail = false
    const load = vi.fn(async () => {
      if (fail) throw { code: 'workspace_busy', message: 'busy', params: {} }
      return 'kept'
    })
    const r = scope.run(() => useResource(load, { topics: ['backups'] }))!
    await flush()
    fail = true
    await r.reload()
    expect(r.data.value).toBe('kept')
    expect(r.error.value).toBeInstanceOf(ApiError)
    expect(r.error.value?.code).toBe('workspace_busy')
    fail = false
    await r.reload()
    expect(r.error.value).toBeNull()
  })

  it('stops following changes, and drops answers, once its scope ends', async () => {
    const { load, pending } = deferredLoads<string>()
    const r = scope.run(() => useResource(load, { topics: ['publish'] }))!
    scope.stop()
    pending[0]?.resolve('late')
    await flush()
    expect(r.data.value).toBeNull()
    emit?.(changed(['publish']))
    await flush()
    expect(load).toHaveBeenCalledTimes(1)
  })
})

describe('the app-wide subscription', () => {
  it('removes the listener when stopped', () => {
    stopChanges()
    expect(unlisten).toHaveBeenCalledTimes(1)
  })

  it('reports a refused listener instead of throwing', async () => {
    stopChanges()
    vi.mocked(onChanged).mockRejectedValueOnce('event.listen not allowed')
    await startChanges()
    expect(changesError.value?.code).toBe('internal')
  })
})

describe('concerns', () => {
  it('matches by topic, then by dataset when both name some', () => {
    expect(concerns(changed(['metadata'], [7]), ['metadata'], '7')).toBe(true)
    expect(concerns(changed(['metadata'], [7]), ['metadata'], 7)).toBe(true)
    expect(concerns(changed(['metadata'], [8]), ['metadata'], '7')).toBe(false)
    expect(concerns(changed(['metadata'], [8]), ['metadata'], null)).toBe(true)
    expect(concerns(changed(['metadata'], [8]), ['metadata'], '城关镇低保名单'), 'a name cannot be told apart').toBe(true)
    expect(concerns(changed(['sensitive'], [7]), ['metadata'], '7')).toBe(false)
  })
})
