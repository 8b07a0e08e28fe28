// Astro configuration: static output, MDX lessons, Preact islands, and the
// build tweaks Monaco and the engine worker need (see ../shared/STACK-NOTES.md).
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import { contentValidation } from './src/site/content-integration.ts';
import { CODE_THEMES } from './src/site/code-themes.ts';
import { satteri } from '@astrojs/markdown-satteri';
import { notebookCells } from './src/site/remark-cells.ts';
import { monacoCssInline, engineDts } from './src/components/editor/vite-plugins.ts';

export default defineConfig({
  site: 'http://localhost:4321',
  // `npm run cohort -- serve --base /courses/replication/` builds with WORKBOOK_BASE set (src/server/cli.ts).
  base: process.env.WORKBOOK_BASE || '/',
  output: 'static',
  trailingSlash: 'ignore',
  integrations: [
    // WORKBOOK_CONTENT_CHECK=warn lets an author preview a half-written chapter; builds are strict otherwise.
    contentValidation({ strict: process.env.WORKBOOK_CONTENT_CHECK !== 'warn' }),
    // ```ts cell id="..." title="..."``` blocks become notebook cells (src/site/remark-cells.ts)
    mdx({ processor: satteri({ mdastPlugins: [notebookCells()] }) }),
    preact(),
  ],
  markdown: {
    shikiConfig: { themes: CODE_THEMES },
  },
  vite: {
    // Monaco's CSS as runtime-injected strings (not render-blocking); engine .d.ts for the editor
    plugins: [monacoCssInline(), engineDts()],
    worker: { format: 'es' },
    optimizeDeps: { include: ['xstate'] },
    build: { chunkSizeWarningLimit: 8000 },
  },
});
