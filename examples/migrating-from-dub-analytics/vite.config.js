import { defineConfig } from 'vite';

// Same-directory assets, so the built app can be served from any path.
export default defineConfig({ base: './' });
