// A generalisation rule in the user's words (只留年份, 5-year bands).

import type { Coarsen } from '../../api'

type Translate = (key: string, values?: Record<string, unknown>) => string

export function ruleText(t: Translate, rule: Coarsen): string {
  switch (rule.kind) {
    case 'place':
      return t(`risk.rules.place_${rule.level}`)
    case 'date':
      return t(`risk.rules.date_${rule.level}`)
    case 'age':
      return t('risk.rules.age', { width: rule.width })
    case 'prefix':
      return t('risk.rules.prefix', { keep: rule.keep })
    case 'amount':
      if (rule.bottom !== null && rule.top !== null) return t('risk.rules.amount_both', { bottom: rule.bottom, top: rule.top })
      if (rule.top !== null) return t('risk.rules.amount_top', { top: rule.top })
      return t('risk.rules.amount_bottom', { bottom: rule.bottom ?? 0 })
  }
}
