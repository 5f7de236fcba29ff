/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// JSX is compiled for Preact through tsconfig.json ("jsx": "react-jsx",
// "jsxImportSource": "preact"), which Vite's transform reads; no plugin needed.
export default defineConfig({
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
    },
  },
  build: {
    outDir: 'dist',
    target: 'es2020',
    // One small stylesheet and a few small chunks; no source maps shipped.
    sourcemap: false,
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
