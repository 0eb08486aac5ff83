// Copying text for the user. The web view has no opener plugin, so a portal link
// cannot be opened from the app: the clerk copies it into a browser instead.

/** Copies `text`; false when neither the Clipboard API nor the old
 * `execCommand('copy')` route worked (the caller then says to copy by hand). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // Refused (no permission, not focused): try the old way below.
  }
  return copyWithSelection(text)
}

function copyWithSelection(text: string): boolean {
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.appendChild(area)
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null
  try {
    area.select()
    // Deprecated but still the only synchronous fallback a web view offers.
    return typeof document.execCommand === 'function' && document.execCommand('copy')
  } catch {
    return false
  } finally {
    area.remove()
    focused?.focus()
  }
}
