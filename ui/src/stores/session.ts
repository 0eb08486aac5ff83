import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'

import { ApiError, sessionSetUser, userAdd, usersList, type Role, type User } from '../api'

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
 * clerks, the review queue for stewards. Until someone is chosen the app asks
 * (`needsUser`): an action recorded under nobody's name is no use in the audit.
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

  const isClerk = computed(() => user.value?.clerk === true)
  const isSteward = computed(() => user.value?.steward === true)
  /** The first-user dialog shows: the user list is known, no one is acting and
   * the first-run wizard is not asking instead. */
  const needsUser = computed(() => loaded.value && user.value === null && !firstRun.value)

  async function refreshUsers(): Promise<void> {
    users.value = await usersList()
  }

  /** Reads the users and acts as the one chosen last time, if still there.
   * Never rejects: a failure lands in `error`. */
  async function start(): Promise<void> {
    error.value = null
    try {
      await refreshUsers()
      firstRun.value = users.value.length === 0
      const last = savedUser()
      if (last && users.value.some((u) => u.name === last)) await select(last)
      else if (users.value.length === 1 && users.value[0]) await select(users.value[0].name)
    } catch (reason) {
      error.value = ApiError.from(reason)
    } finally {
      loaded.value = true
    }
  }

  /** Acts as `name` from now on, and remembers it. Rejects with the ApiError. */
  async function select(name: string): Promise<User> {
    try {
      const chosen = await sessionSetUser(name)
      user.value = chosen
      saveUser(chosen.name)
      return chosen
    } catch (reason) {
      throw ApiError.from(reason)
    }
  }

  /** Adds a user (or roles to one); the list follows. Rejects with the ApiError. */
  async function add(name: string, roles: Role[]): Promise<User> {
    try {
      const added = await userAdd(name, roles)
      await refreshUsers()
      // Roles given to the acting user take effect at once.
      if (user.value?.name === added.name) user.value = added
      return added
    } catch (reason) {
      throw ApiError.from(reason)
    }
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
    isClerk,
    isSteward,
    needsUser,
    start,
    select,
    add,
    refreshUsers,
    endFirstRun,
  }
})
