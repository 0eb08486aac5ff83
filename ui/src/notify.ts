import { ElMessage, type MessageHandler } from 'element-plus'
import { reactive } from 'vue'

// What just happened, told without covering the work. Toasts are for results
// worth a look (a file written, a dataset submitted, an error); at most three
// are shown, a newer one replaces an older one of the same kind, and errors
// stay until dismissed. Routine confirmations (saved, switched, copied) go to
// the quiet status line in the top bar instead.

/** At most this many toasts at once. */
export const MAX_TOASTS = 3

/** How long a toast that is not an error stays, in milliseconds. */
const DURATION = 4000

type Level = 'success' | 'info' | 'warning' | 'error'

interface Open {
  kind: string
  level: Level
  handle: MessageHandler | null
}

const open: Open[] = []

function forget(entry: Open): void {
  const i = open.indexOf(entry)
  if (i >= 0) open.splice(i, 1)
}

function dismiss(entry: Open): void {
  forget(entry)
  entry.handle?.close()
}

export interface ToastOptions {
  /** Toasts of one kind replace each other (default: the message itself). */
  kind?: string
  /** Milliseconds; errors default to staying until dismissed. */
  duration?: number
}

function show(level: Level, message: string, options: ToastOptions = {}): void {
  const kind = options.kind ?? message
  for (const same of open.filter((o) => o.kind === kind)) dismiss(same)
  while (open.length >= MAX_TOASTS) {
    // The oldest that is not an error makes room; errors wait to be read.
    const oldest = open.find((o) => o.level !== 'error') ?? open[0]
    if (!oldest) break
    dismiss(oldest)
  }
  const entry: Open = { kind, level, handle: null }
  open.push(entry)
  entry.handle = ElMessage({
    type: level,
    message,
    showClose: true,
    duration: options.duration ?? (level === 'error' ? 0 : DURATION),
    onClose: () => forget(entry),
  })
}

export const toast = {
  success: (message: string, options?: ToastOptions) => show('success', message, options),
  info: (message: string, options?: ToastOptions) => show('info', message, options),
  warning: (message: string, options?: ToastOptions) => show('warning', message, options),
  error: (message: string, options?: ToastOptions) => show('error', message, options),
}

/** The status line: the last routine confirmation and when it came. */
export const statusLine = reactive({ message: '', at: null as Date | null })

/** A routine confirmation, said quietly in the status line. */
export function status(message: string): void {
  statusLine.message = message
  statusLine.at = new Date()
}

/** How many toasts are open (for tests). */
export function openToasts(): number {
  return open.length
}

/** Closes every toast and clears the status line (for tests and sign-out). */
export function clearNotices(): void {
  for (const o of [...open]) dismiss(o)
  statusLine.message = ''
  statusLine.at = null
}
