import { mount, flushPromises } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { it, vi } from 'vitest'
import { i18n } from '../../i18n'
import DictionaryTable from './DictionaryTable.vue'
import MetaField from './MetaField.vue'
import { FIELDS } from './metaFixtures'
import { h } from 'vue'

const wide = Array.from({ length: 150 }, (_, i) => ({ position: i, name: `列${i}`, group: null, type: 'text' as const, description: null, unit: null, open: true }))
it('prof', async () => {
  setActivePinia(createPinia())
  let t0 = performance.now()
  const w = mount(DictionaryTable, { props: { dataset: '7', entries: wide }, global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  console.log('dict 150 attached', performance.now() - t0)
  t0 = performance.now()
  const w2 = mount({ render: () => FIELDS.map((def) => h(MetaField, { def, modelValue: def.kind.kind === 'keywords' ? [] : '' })) }, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  console.log('fields with dict attached', performance.now() - t0)
  w.unmount(); w2.unmount()
  t0 = performance.now()
  const w3 = mount({ render: () => FIELDS.map((def) => h(MetaField, { def, modelValue: def.kind.kind === 'keywords' ? [] : '' })) }, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  console.log('fields alone attached', performance.now() - t0)
  for (const kind of ['text','long_text','code','keywords','date']) {
    const defs = FIELDS.filter(f => f.kind.kind === kind)
    const w4 = mount(DictionaryTable, { props: { dataset: '7', entries: wide }, global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
    t0 = performance.now()
    const w5 = mount({ render: () => defs.map((def) => h(MetaField, { def, modelValue: def.kind.kind === 'keywords' ? [] : '' })) }, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
    await flushPromises()
    console.log(kind, defs.length, performance.now() - t0)
    w4.unmount(); w5.unmount()
  }
}, 120000)
