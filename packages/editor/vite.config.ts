import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/** Builds the editor into `dist/`, which the config server serves at `/`. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': process.env.SLUICE_SERVER ?? 'http://127.0.0.1:8080' },
  },
})
