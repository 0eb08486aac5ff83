import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'

import { ApiError, appContext, workspaceInfo, type AppContext, type WorkspaceInfo } from '../api'
import {
  applyLanguage,
  browserLanguages,
  detectLanguage,
  i18n,
  rememberLanguage,
  saveLanguage,
  savedLanguage,
  type Language,
} from '../i18n'

/** What the app knows at start-up: the build, the workspace, and the UI language. */
export const useAppStore = defineStore('app', () => {
  const context = ref<AppContext | null>(null)
  const workspace = ref<WorkspaceInfo | null>(null)
  const loading = ref(false)
  // Shallow: an Error instance should stay itself, not become a reactive proxy.
  const error = shallowRef<ApiError | null>(null)

  const language = computed<Language>(() => i18n.global.locale.value)
  const workspacePath = computed(() => workspace.value?.path ?? context.value?.workspace_path ?? null)

  /** The user's explicit choice: applied now and remembered for the next start. */
  function setLanguage(lang: Language): void {
    applyLanguage(lang)
    saveLanguage(lang)
  }

  function toggleLanguage(): void {
    setLanguage(language.value === 'zh-CN' ? 'en' : 'zh-CN')
  }

  /** Never rejects: a failure lands in `error`, which the views show in place of data. */
  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const ctx = await appContext()
      context.value = ctx
      // The OS locale only becomes known now; a saved choice still wins. What is
      // shown is remembered, so the next start paints in it from the first frame.
      const lang = savedLanguage() ?? detectLanguage(ctx.os_locale, ...browserLanguages())
      applyLanguage(lang)
      rememberLanguage(lang)
      if (ctx.workspace_error) {
        error.value = ApiError.fromPayload(ctx.workspace_error)
        return
      }
      workspace.value = await workspaceInfo()
    } catch (reason) {
      error.value = ApiError.from(reason)
    } finally {
      loading.value = false
    }
  }

  return { context, workspace, loading, error, language, workspacePath, setLanguage, toggleLanguage, load }
})
