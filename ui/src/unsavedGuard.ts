import { ElMessageBox } from 'element-plus'
import { onBeforeUnmount } from 'vue'
import { useI18n } from 'vue-i18n'

import { useNavStore } from './stores/nav'

export interface UnsavedForm {
  /** How many fields differ from what is saved; 0 lets the user go at once. */
  count: () => number
  /** Saves; resolves false when saving failed, so the user stays to correct it. */
  save: () => Promise<boolean>
  /** Drops the edits. */
  discard: () => void
}

/**
 * Asks "save or discard?" before the user leaves a form with unsaved edits: on
 * navigation (through the nav store) and wherever the caller asks `confirmLeave`
 * (a tab switch). Closing the box (Esc, ×) stays on the form.
 */
export function useUnsavedGuard(form: UnsavedForm): { confirmLeave: () => Promise<boolean> } {
  const { t } = useI18n()
  const nav = useNavStore()
  // One box at a time, whoever asks.
  let asking: Promise<boolean> | null = null

  async function ask(): Promise<boolean> {
    try {
      await ElMessageBox.confirm(t('unsaved.message', { count: form.count() }), t('unsaved.title'), {
        confirmButtonText: t('unsaved.save'),
        cancelButtonText: t('unsaved.discard'),
        distinguishCancelAndClose: true,
        closeOnClickModal: false,
        type: 'warning',
      })
    } catch (action) {
      if (action === 'cancel') {
        form.discard()
        return true
      }
      return false
    }
    return form.save()
  }

  function confirmLeave(): Promise<boolean> {
    if (form.count() === 0) return Promise.resolve(true)
    asking ??= ask().finally(() => {
      asking = null
    })
    return asking
  }

  const remove = nav.addLeaveGuard(confirmLeave)
  onBeforeUnmount(remove)
  return { confirmLeave }
}
