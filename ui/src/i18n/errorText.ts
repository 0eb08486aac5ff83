// An error in the user's language. The back end sends some params as ids (an
// operator, a category, a role, a review action, a status): these are shown by their names,
// never as `pseudonymize` or `steward`, so the sentence reads as one language.

import { type ApiError } from '../api'
import { i18n } from '.'

// Which catalog names each id param; an id the catalog does not know is shown as sent.
const NAMED_PARAMS: Readonly<Record<string, (id: string) => string>> = {
  operator: (id) => `sensitive.operators.${id}.name`,
  category: (id) => `sensitive.categories.${id}`,
  role: (id) => `errorParams.roles.${id}`,
  action: (id) => `errorParams.actions.${id}`,
  status: (id) => `status.${id}`,
}

// Params that list ids, comma-separated: each named, joined as the language joins a list.
const NAMED_LISTS: Readonly<Record<string, (id: string) => string>> = {
  checks: (id) => `readiness.name.${id}`,
}

/** The error's params with ids replaced by their translated names. */
export function errorParams(error: ApiError): Record<string, string> {
  const { t, te } = i18n.global
  return Object.fromEntries(
    Object.entries(error.params).map(([name, value]) => {
      const list = NAMED_LISTS[name]
      if (list) {
        const names = value.split(',').map((id) => (te(list(id)) ? t(list(id)) : id))
        return [name, names.join(t('errorParams.listSeparator'))]
      }
      const key = NAMED_PARAMS[name]?.(value)
      return [name, key && te(key) ? t(key) : value]
    }),
  )
}

/** The translated message of an error, saying what to do next. An error about
 * one dataset among many (the catalogue export) names it first. */
export function errorText(error: ApiError): string {
  const text = i18n.global.t(`errors.${error.code}`, errorParams(error))
  const dataset = error.params.in_dataset
  return dataset ? i18n.global.t('errorParams.inDataset', { dataset, text }) : text
}
