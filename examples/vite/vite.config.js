import { defineConfig } from 'vite';

// Nothing dub-track needs: its engine is a dynamic import, which Vite splits off by itself.
export default defineConfig({
  // Same-directory assets, so the built app can be served from any path.
  base: './',
});
