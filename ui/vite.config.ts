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
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  // The Tauri CLI prints its own output; keep Vite from clearing it.
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      output: {
        // Libraries change less often than the app: their own files, cached
        // apart (and each under Vite's 500 kB warning).
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined
          if (id.includes('element-plus') || id.includes('@element-plus')) return 'element-plus'
          return 'vendor'
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
