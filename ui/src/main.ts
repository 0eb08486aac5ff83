import 'element-plus/dist/index.css'
import './styles.css'

import { createPinia } from 'pinia'
import { createApp } from 'vue'

import App from './App.vue'
import { hardenPrototypes } from './harden'
import { applyLanguage, i18n } from './i18n'
import { useAppStore } from './stores/app'

const pinia = createPinia()
const app = createApp(App).use(pinia).use(i18n)

// Every module above has been evaluated by now; see harden.ts for why this is not
// Tauri's own freezePrototype.
hardenPrototypes()
applyLanguage(i18n.global.locale.value)
app.mount('#app')
void useAppStore(pinia).load()
