// The reference catalog: its shape is the type every other language must match.
// Written for a county clerk: plain words, and each error says what to do next.
// vue-i18n treats { } @ $ | as syntax, so messages avoid them outside placeholders.
// One file per area (zh-CN/<area>.ts), as the Rust commands are grouped; this
// file merges them into the one message tree the UI reads.

import app from './zh-CN/app'
import importing from './zh-CN/import'
import datasets from './zh-CN/datasets'
import metadata from './zh-CN/metadata'
import sensitive from './zh-CN/sensitive'
import risk from './zh-CN/risk'
import clean from './zh-CN/clean'
import review from './zh-CN/review'
import bundles from './zh-CN/bundles'
import publish from './zh-CN/publish'
import backup from './zh-CN/backup'
import keys from './zh-CN/keys'
import overview from './zh-CN/overview'

const zhCN = {
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

export type Messages = typeof zhCN
export default zhCN
