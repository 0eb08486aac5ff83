/** Runs `fn` once calls have paused for `ms`; `cancel` drops a pending call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined
  return {
    run(...args: A): void {
      clearTimeout(timer)
      timer = setTimeout(() => {
        timer = undefined
        fn(...args)
      }, ms)
    },
    cancel(): void {
      clearTimeout(timer)
      timer = undefined
    },
  }
}
