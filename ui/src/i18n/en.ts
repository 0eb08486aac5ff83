// The English catalog: one file per area (en/<area>.ts), merged into the same
// message tree as the Chinese reference catalog.

import type { Messages } from './zh-CN'
import app from './en/app'
import importing from './en/import'
import datasets from './en/datasets'
import metadata from './en/metadata'
import sensitive from './en/sensitive'
import risk from './en/risk'
import clean from './en/clean'
import review from './en/review'
import bundles from './en/bundles'
import publish from './en/publish'
import backup from './en/backup'
import keys from './en/keys'
import overview from './en/overview'

const en: Messages = {
  ...app,
  ...importing,
  ...datasets,
  ...metadata,
  ...sensitive,
  ...risk,
  ...clean,
  ...review,
  ...keys,
  ...overview,
  ...bundles,
  ...publish,
  settings: {
    ...metadata.settings,
    ...sensitive.settings,
    ...risk.settings,
    ...review.settings,
    ...keys.settings,
    ...publish.settings,
    ...backup.settings,
  },
}

export default en
