import 'element-plus/dist/index.css'
import './styles.css'

import { createPinia } from 'pinia'
import { createApp } from 'vue'

import App from './App.vue'
import { hardenPrototypes } from './harden'
import { applyLanguage, i18n, startupLanguage } from './i18n'
import { useAppStore } from './stores/app'
import { useImportStore } from './stores/importer'

const pinia = createPinia()
const app = createApp(App).use(pinia).use(i18n)

// Every module above has been evaluated by now; see harden.ts for why this is not
// Tauri's own freezePrototype.
hardenPrototypes()
// The back end's OS locale arrives with store.load(), after the first paint: paint
// in the language chosen or shown last time, else the web view's.
applyLanguage(startupLanguage())
app.mount('#app')
const store = useAppStore(pinia)
// A file the app was started with ("Open with Kaifang") opens the import wizard,
// once the workspace it would be imported into is known to be open.
void store.load().then(() => {
  if (!store.error) void useImportStore(pinia).openStartupFile()
})
