import { onBeforeUnmount, ref, type Ref } from 'vue'

import type { ApiError } from '../../api'

/** The shortest passphrase the Rust side accepts (auth::MIN_PASSPHRASE_CHARS). */
export const MIN_PASSPHRASE_CHARS = 8

/** What is wrong with a new passphrase and its repetition, as catalog keys
 * (`null`: nothing). Counted in characters, as the Rust side counts them. */
export function checkNewPassphrase(passphrase: string, repeat: string): { passphrase: string | null; repeat: string | null } {
  if (passphrase === '') return { passphrase: 'user.passphrase.required', repeat: null }
  if ([...passphrase].length < MIN_PASSPHRASE_CHARS) return { passphrase: 'user.passphrase.tooShort', repeat: null }
  if (repeat !== passphrase) return { passphrase: null, repeat: 'user.passphrase.mismatch' }
  return { passphrase: null, repeat: null }
}

/** The messages for a new passphrase and its repetition, translated by `t`
 * (empty: nothing wrong). */
export function newPassphraseErrors(
  t: (key: string, named: Record<string, string>) => string,
  passphrase: string,
  repeat: string,
): { passphrase: string; repeat: string } {
  const problems = checkNewPassphrase(passphrase, repeat)
  const named = { min: String(MIN_PASSPHRASE_CHARS) }
  return {
    passphrase: problems.passphrase ? t(problems.passphrase, named) : '',
    repeat: problems.repeat ? t(problems.repeat, named) : '',
  }
}

/** The seconds to wait before the next try, for a throttled passphrase. */
export function throttledSeconds(error: ApiError): number {
  if (error.code !== 'auth_throttled') return 0
  const seconds = Number(error.params.seconds)
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0
}

/** After too many wrong passphrases the Rust side makes the user wait: the
 * submit button stays disabled for that long. */
export function useWait(): { waiting: Ref<boolean>; wait: (error: ApiError) => void } {
  const waiting = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  function wait(error: ApiError): void {
    const seconds = throttledSeconds(error)
    if (seconds === 0) return
    clearTimeout(timer)
    waiting.value = true
    timer = setTimeout(() => {
      waiting.value = false
    }, seconds * 1000)
  }
  onBeforeUnmount(() => clearTimeout(timer))
  return { waiting, wait }
}
