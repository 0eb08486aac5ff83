import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import { sessionLock, sessionSetUser, sessionUnlock, userAdd, userSetPassphrase, usersList, type User } from '../api'
import { USER_KEY, useSessionStore } from './session'

vi.mock('../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api')>()),
  usersList: vi.fn(),
  userAdd: vi.fn(),
  userSetPassphrase: vi.fn(),
  sessionSetUser: vi.fn(),
  sessionUnlock: vi.fn(),
  sessionLock: vi.fn(),
}))

const ZHANG: User = { name: '张三', clerk: true, steward: false, has_passphrase: true, fingerprint: null }
const LI: User = { name: '李四', clerk: false, steward: true, has_passphrase: true, fingerprint: 'K7QD-M2XA-9F4R-TZ3B' }

beforeEach(() => {
  vi.resetAllMocks()
  localStorage.clear()
  setActivePinia(createPinia())
  vi.mocked(sessionSetUser).mockImplementation(async (name) => [ZHANG, LI].find((u) => u.name === name) ?? ZHANG)
})

describe('the session', () => {
  it('offers the user remembered from last time, but never signs them in without their passphrase', async () => {
    localStorage.setItem(USER_KEY, '李四')
    vi.mocked(usersList).mockResolvedValue([ZHANG, LI])
    const session = useSessionStore()
    await session.start()
    expect(sessionSetUser, 'nobody is signed in silently').not.toHaveBeenCalled()
    expect(session.suggested).toBe('李四')
    expect(session.user).toBeNull()
    expect(session.needsUser, 'the sign-in dialog asks').toBe(true)

    await session.select('李四', 'correct horse')
    expect(sessionSetUser).toHaveBeenCalledWith('李四', 'correct horse')
    expect(session.user).toEqual(LI)
    expect(session.isSteward).toBe(true)
    expect(session.isClerk).toBe(false)
    expect(session.needsUser).toBe(false)
  })

  it('offers the only user there is, and nobody when it cannot tell', async () => {
    vi.mocked(usersList).mockResolvedValue([ZHANG])
    const one = useSessionStore()
    await one.start()
    expect(one.suggested).toBe('张三')
    expect(one.user).toBeNull()

    setActivePinia(createPinia())
    localStorage.setItem(USER_KEY, '已离职的人')
    vi.mocked(usersList).mockResolvedValue([ZHANG, LI])
    const two = useSessionStore()
    await two.start()
    expect(two.suggested, 'a remembered name no longer there is not offered').toBeNull()
    expect(two.needsUser).toBe(true)
    expect(sessionSetUser).not.toHaveBeenCalled()
  })

  it('remembers who signed in, and keeps a wrong passphrase’s error for the dialog', async () => {
    vi.mocked(usersList).mockResolvedValue([ZHANG, LI])
    const session = useSessionStore()
    await session.start()
    vi.mocked(sessionSetUser).mockRejectedValueOnce({ code: 'auth_passphrase_wrong', message: 'wrong', params: { user: '张三' } })
    await expect(session.select('张三', 'nope')).rejects.toMatchObject({ code: 'auth_passphrase_wrong' })
    expect(session.user).toBeNull()
    expect(localStorage.getItem(USER_KEY)).toBeNull()
    await session.select('张三', 'correct horse')
    expect(localStorage.getItem(USER_KEY)).toBe('张三')
  })

  it('keeps a failure to read the users, so the app shows it rather than asking', async () => {
    vi.mocked(usersList).mockRejectedValue({ code: 'workspace_busy', message: 'busy', params: {} })
    const session = useSessionStore()
    await session.start()
    expect(session.error?.code).toBe('workspace_busy')
    expect(session.loaded).toBe(true)
  })

  it('adds a user with their passphrase and reads the list again; roles given to the acting user apply at once', async () => {
    vi.mocked(usersList).mockResolvedValue([ZHANG])
    const session = useSessionStore()
    await session.start()
    await session.select('张三', 'correct horse')
    const both = { ...ZHANG, steward: true }
    vi.mocked(userAdd).mockResolvedValue(both)
    vi.mocked(usersList).mockResolvedValue([both])
    await session.add('张三', ['steward'], null)
    expect(userAdd).toHaveBeenCalledWith('张三', ['steward'], null)
    expect(session.users).toEqual([both])
    expect(session.isSteward).toBe(true)
  })

  it('rejects a refused name with the ApiError, for the form to show', async () => {
    vi.mocked(userAdd).mockRejectedValue({ code: 'user_invalid_name', message: 'bad', params: {} })
    await expect(useSessionStore().add('\u0007', ['clerk'], 'correct horse')).rejects.toMatchObject({ code: 'user_invalid_name' })
  })

  it('knows a workspace where nobody has a passphrase yet, where a user sets their own and signs in', async () => {
    const old = { ...ZHANG, has_passphrase: false }
    vi.mocked(usersList).mockResolvedValue([old, { ...LI, has_passphrase: false }])
    const session = useSessionStore()
    await session.start()
    expect(session.noPassphrases).toBe(true)
    vi.mocked(userSetPassphrase).mockResolvedValue(ZHANG)
    vi.mocked(usersList).mockResolvedValue([ZHANG, { ...LI, has_passphrase: false }])
    await session.claim('张三', 'correct horse')
    expect(userSetPassphrase).toHaveBeenCalledWith('张三', 'correct horse', null)
    expect(sessionSetUser).toHaveBeenCalledWith('张三', 'correct horse')
    expect(session.user?.name).toBe('张三')
    expect(session.noPassphrases, 'now someone has one').toBe(false)
  })

  it('unlocks, locks, changes the own passphrase and resets someone else’s', async () => {
    vi.mocked(usersList).mockResolvedValue([ZHANG, LI])
    const session = useSessionStore()
    await session.start()
    await session.select('李四', 'correct horse')
    vi.mocked(sessionUnlock).mockResolvedValue(LI)
    await session.unlock('correct horse')
    expect(sessionUnlock).toHaveBeenCalledWith('correct horse')
    await session.lock()
    expect(sessionLock).toHaveBeenCalledTimes(1)
    vi.mocked(userSetPassphrase).mockResolvedValue(LI)
    await session.changePassphrase('correct horse', 'battery staple')
    expect(userSetPassphrase).toHaveBeenLastCalledWith('李四', 'battery staple', 'correct horse')
    vi.mocked(userSetPassphrase).mockResolvedValue(ZHANG)
    await session.resetPassphrase('张三', 'new one please')
    expect(userSetPassphrase).toHaveBeenLastCalledWith('张三', 'new one please', null)
    expect(session.user?.name, 'a reset does not switch user').toBe('李四')
  })
})
