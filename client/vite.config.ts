import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Where the Circle server runs in development; the dev server and `vite preview` proxy to it. */
const server = process.env.CIRCLE_SERVER_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    // livekit-client is one ~570 kB chunk, loaded only once a device enters the video room.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      '/api': server,
      '/healthz': server,
      '/socket.io': { target: server, ws: true },
    },
  },
});
