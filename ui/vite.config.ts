import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [vue()],
  define: {
    // Composition API only: dropping the legacy API and devtools hooks keeps the
    // bundle small and avoids vue-i18n's start-up warnings.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  // Tauri's devUrl points here; a silently different port would load a blank window.
  // The user guide (../docs) is bundled with the 帮助 screen.
  server: { host: '127.0.0.1', port: 5173, strictPort: true, fs: { allow: ['.', '../docs'] } },
  // The Tauri CLI prints its own output; keep Vite from clearing it.
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      output: {
        // The libraries in files of their own (cached apart from the app, and
        // each under Vite's 500 kB warning); what only a screen loaded on
        // demand uses stays with that screen.
        manualChunks(id) {
          // The message catalogs (both languages): plain data, loaded beside the app.
          if (/\/src\/i18n\/(zh-CN|en)\//.test(id)) return 'messages'
          if (!id.includes('node_modules')) return undefined
          if (/node_modules\/(vue|@vue|pinia|vue-i18n|@intlify)\//.test(id)) return 'vue'
          if (/node_modules\/@element-plus\/icons-vue\//.test(id)) return 'element-plus-icons'
          return undefined
        },
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/testSetup.ts'],
    restoreMocks: true,
  },
})
