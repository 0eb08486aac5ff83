import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'

import {
  ApiError,
  sessionLock,
  sessionSetUser,
  sessionUnlock,
  userAdd,
  userSetPassphrase,
  usersList,
  type Role,
  type User,
} from '../api'

/** Where the last chosen user is kept, like the language (see i18n/index.ts). */
export const USER_KEY = 'kaifang.user'

// Storage can throw (disabled, sandboxed webview); remembering the user is a
// convenience, so failing to read or keep it must never stop the app.
export function savedUser(): string | null {
  try {
    return localStorage.getItem(USER_KEY)
  } catch {
    return null
  }
}

function saveUser(name: string): void {
  try {
    localStorage.setItem(USER_KEY, name)
  } catch {
    // The choice lasts for this session only.
  }
}

/**
 * Who is using the app. Every command records the acting user (session_set_user
 * on the Rust side), and the roles decide what is offered: submitting for
 * clerks, the review queue for stewards. Switching to a user takes their
 * passphrase; until someone signs in the app asks (`needsUser`), offering the
 * user chosen last time (`suggested`) but never signing them in silently: an
 * action recorded under nobody's name is no use in the audit.
 */
export const useSessionStore = defineStore('session', () => {
  const users = ref<User[]>([])
  const user = ref<User | null>(null)
  const loaded = ref(false)
  const error = shallowRef<ApiError | null>(null)
  /** A fresh workspace (no users at all when the app started): the first-run
   * wizard shows instead of the first-user dialog, and stays until it is
   * finished even though it adds a user on the way. Nothing is stored: a
   * workspace with users is past its first run. */
  const firstRun = ref(false)
  /** The user the sign-in dialog offers first: the one chosen last time, or the
   * only one there is. */
  const suggested = ref<string | null>(null)

  const isClerk = computed(() => user.value?.clerk === true)
  const isSteward = computed(() => user.value?.steward === true)
  /** Nobody in the workspace has a passphrase yet (a workspace from before
   * passphrases): a user without one may set their own, and a user may be added
   * without a steward (the Rust side makes the first one a steward). */
  const noPassphrases = computed(() => users.value.every((u) => !u.has_passphrase))
  /** The first-user dialog shows: the user list is known, no one is acting and
   * the first-run wizard is not asking instead. */
  const needsUser = computed(() => loaded.value && user.value === null && !firstRun.value)

  async function refreshUsers(): Promise<void> {
    users.value = await usersList()
    // The acting user's roles and passphrase follow the list.
    const acting = user.value && users.value.find((u) => u.name === user.value?.name)
    if (acting) user.value = acting
  }

  /** Reads the users and chooses whom to offer for signing in. Never rejects: a
   * failure lands in `error`. */
  async function start(): Promise<void> {
    error.value = null
    try {
      await refreshUsers()
      firstRun.value = users.value.length === 0
      const last = savedUser()
      if (last && users.value.some((u) => u.name === last)) suggested.value = last
      else if (users.value.length === 1 && users.value[0]) suggested.value = users.value[0].name
      else suggested.value = null
    } catch (reason) {
      error.value = ApiError.from(reason)
    } finally {
      loaded.value = true
    }
  }

  async function attempt<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action()
    } catch (reason) {
      throw ApiError.from(reason)
    }
  }

  /** Acts as `name` from now on, proven by their passphrase, and remembers the
   * name. Rejects with the ApiError (a wrong passphrase, a wait). */
  function select(name: string, passphrase: string): Promise<User> {
    return attempt(async () => {
      const chosen = await sessionSetUser(name, passphrase)
      user.value = chosen
      suggested.value = chosen.name
      saveUser(chosen.name)
      return chosen
    })
  }

  /** On a workspace where nobody has a passphrase yet: `name` sets their own,
   * then acts. Rejects with the ApiError. */
  function claim(name: string, passphrase: string): Promise<User> {
    return attempt(async () => {
      await userSetPassphrase(name, passphrase, null)
      const chosen = await select(name, passphrase)
      await refreshUsers()
      return chosen
    })
  }

  /** Types the acting user's passphrase again, for steward actions. */
  function unlock(passphrase: string): Promise<User> {
    return attempt(async () => {
      const unlocked = await sessionUnlock(passphrase)
      user.value = unlocked
      return unlocked
    })
  }

  /** Locks steward actions until the passphrase is typed again. */
  function lock(): Promise<void> {
    return attempt(() => sessionLock())
  }

  /** Adds a user with their passphrase (or roles to one, passphrase null); the
   * list follows. Rejects with the ApiError. */
  function add(name: string, roles: Role[], passphrase: string | null): Promise<User> {
    return attempt(async () => {
      const added = await userAdd(name, roles, passphrase)
      await refreshUsers()
      // Roles given to the acting user take effect at once.
      if (user.value?.name === added.name) user.value = added
      return added
    })
  }

  /** Changes the acting user's own passphrase (`current` proves it is them). */
  function changePassphrase(current: string, passphrase: string): Promise<User> {
    return attempt(async () => {
      const name = user.value?.name
      if (!name) throw new ApiError('auth_unlock_required', 'nobody is signed in')
      const changed = await userSetPassphrase(name, passphrase, current)
      user.value = changed
      await refreshUsers()
      return changed
    })
  }

  /** A steward sets someone else's passphrase (forgotten, or never set). */
  function resetPassphrase(name: string, passphrase: string): Promise<User> {
    return attempt(async () => {
      const changed = await userSetPassphrase(name, passphrase, null)
      await refreshUsers()
      return changed
    })
  }

  /** The first-run wizard is done (or skipped, with a user added). */
  function endFirstRun(): void {
    firstRun.value = false
  }

  return {
    users,
    user,
    loaded,
    error,
    firstRun,
    suggested,
    isClerk,
    isSteward,
    noPassphrases,
    needsUser,
    start,
    select,
    claim,
    unlock,
    lock,
    add,
    changePassphrase,
    resetPassphrase,
    refreshUsers,
    endFirstRun,
  }
})
