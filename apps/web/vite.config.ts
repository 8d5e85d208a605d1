import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiTarget = process.env.SLUICE_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@sluice/source'] },
  server: { host: '127.0.0.1', port: 5173, strictPort: true, proxy: { '/api': apiTarget } },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true, proxy: { '/api': apiTarget } },
  test: { include: ['src/**/*.test.{ts,tsx}'] },
});
