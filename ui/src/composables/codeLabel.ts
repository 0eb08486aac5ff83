import { useI18n } from 'vue-i18n'

import { useAppStore } from '../stores/app'
import { useMetaFieldsStore } from '../stores/metaFields'

/** Names a metadata code (a theme, an openness) as the form names it, in the
 * user's language; '' is "not filled in". Loads the profile when needed. */
export function useCodeLabel(): (field: string, code: string) => string {
  const { t } = useI18n()
  const app = useAppStore()
  const metaFields = useMetaFieldsStore()
  void metaFields.load()
  return (field, code) => {
    if (!code) return t('overview.unset')
    const c = metaFields.fields.find((f) => f.id === field)?.codes.find((v) => v.code === code)
    return c ? (app.language === 'zh-CN' ? c.zh : c.en) : code
  }
}
