import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import { sessionSetUser, userAdd, usersList, type User } from '../api'
import { USER_KEY, useSessionStore } from './session'

vi.mock('../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api')>()),
  usersList: vi.fn(),
  userAdd: vi.fn(),
  sessionSetUser: vi.fn(),
}))

const ZHANG: User = { name: '张三', clerk: true, steward: false }
const LI: User = { name: '李四', clerk: false, steward: true }

beforeEach(() => {
  vi.resetAllMocks()
  localStorage.clear()
  setActivePinia(createPinia())
  vi.mocked(sessionSetUser).mockImplementation(async (name) => [ZHANG, LI].find((u) => u.name === name) ?? ZHANG)
})

describe('the session', () => {
  it('acts as the user remembered from last time', async () => {
    localStorage.setItem(USER_KEY, '李四')
    vi.mocked(usersList).mockResolvedValue([ZHANG, LI])
    const session = useSessionStore()
    await session.start()
    expect(sessionSetUser).toHaveBeenCalledWith('李四')
    expect(session.user).toEqual(LI)
    expect(session.isSteward).toBe(true)
    expect(session.isClerk).toBe(false)
    expect(session.needsUser).toBe(false)
  })

  it('acts as the only user there is without asking, but asks when it cannot tell', async () => {
    vi.mocked(usersList).mockResolvedValue([ZHANG])
    const one = useSessionStore()
    await one.start()
    expect(one.user?.name).toBe('张三')
    expect(localStorage.getItem(USER_KEY)).toBe('张三')

    setActivePinia(createPinia())
    localStorage.setItem(USER_KEY, '已离职的人')
    vi.mocked(sessionSetUser).mockClear()
    vi.mocked(usersList).mockResolvedValue([ZHANG, LI])
    const two = useSessionStore()
    await two.start()
    expect(sessionSetUser, 'a remembered name no longer there is not used').not.toHaveBeenCalled()
    expect(two.needsUser, 'two users: the app asks which').toBe(true)
  })

  it('keeps a failure to read the users, so the app shows it rather than asking', async () => {
    vi.mocked(usersList).mockRejectedValue({ code: 'workspace_busy', message: 'busy', params: {} })
    const session = useSessionStore()
    await session.start()
    expect(session.error?.code).toBe('workspace_busy')
    expect(session.loaded).toBe(true)
  })

  it('adds a user and reads the list again; roles given to the acting user apply at once', async () => {
    vi.mocked(usersList).mockResolvedValue([ZHANG])
    const session = useSessionStore()
    await session.start()
    const both = { ...ZHANG, steward: true }
    vi.mocked(userAdd).mockResolvedValue(both)
    vi.mocked(usersList).mockResolvedValue([both])
    await session.add('张三', ['steward'])
    expect(userAdd).toHaveBeenCalledWith('张三', ['steward'])
    expect(session.users).toEqual([both])
    expect(session.isSteward).toBe(true)
  })

  it('rejects a refused name with the ApiError, for the form to show', async () => {
    vi.mocked(userAdd).mockRejectedValue({ code: 'user_invalid_name', message: 'bad', params: {} })
    await expect(useSessionStore().add('\u0007', ['clerk'])).rejects.toMatchObject({ code: 'user_invalid_name' })
  })
})
