import { defineConfig } from 'vite';

// Nothing dub-track needs: its engine is a dynamic import, which Vite splits off by itself.
// Three pages: the ES module (index.html), `import 'dub-track/script'` (script.html) and React
// (react.html).
export default defineConfig({
  // Same-directory assets, so the built app can be served from any path.
  base: './',
  build: {
    rollupOptions: {
      input: {
        index: new URL('index.html', import.meta.url).pathname,
        script: new URL('script.html', import.meta.url).pathname,
        react: new URL('react.html', import.meta.url).pathname,
      },
    },
  },
});
