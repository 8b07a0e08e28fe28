// Measures a built page: its HTML (raw and gzip, with the budget every lesson
// page must stay under) and the JavaScript it loads before the learner
// interacts: its module scripts and inline scripts, plus every island's
// component and renderer with the modules they import statically (dynamic
// `import()` is what loads on use, so it is not counted). JS sizes are gzip.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

const gz = (text) => gzipSync(text, { level: 9 }).length;

/**
 * A lesson page's HTML budget, set from the pages once the quiz and reference
 * solutions moved to /data/ (largest then: 116 KB raw, 23.5 KB gzip) and the
 * lessons gained their statecharts, static SVG with a text alternative (chapter
 * 2 draws two: +29 KB raw, +5 KB gzip, for 141 KB raw, 28.2 KB gzip), with
 * room for lessons to grow; the quiz's props back in the page (about 32 KB raw)
 * would break it.
 */
export const HTML_BUDGET = { raw: 160 * 1024, gzip: 32 * 1024 };

/** @returns {{ raw: number, gzip: number }} bytes of an HTML file */
export function htmlWeight(htmlFile) {
  const html = readFileSync(htmlFile);
  return { raw: html.length, gzip: gz(html) };
}

/** Static `import ... from "x"`, `import "x"` and `export ... from "x"` specifiers of an ES module chunk. */
export function staticImports(code) {
  const found = new Set();
  const re = /(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+)["']/g;
  for (const m of code.matchAll(re)) found.add(m[1]);
  return [...found];
}

function resolveUrl(distDir, fromUrl, spec) {
  if (/^[a-z]+:/i.test(spec)) return undefined;
  const url = spec.startsWith('/') ? spec : posix.join(posix.dirname(fromUrl), spec);
  return { url, file: join(distDir, url) };
}

/** Gzip bytes of `entryUrls` and everything they import statically. */
function closureBytes(distDir, entryUrls, seen) {
  let bytes = 0;
  const queue = [...entryUrls];
  while (queue.length) {
    const url = queue.shift();
    if (seen.has(url)) continue;
    seen.add(url);
    const file = join(distDir, url);
    if (!existsSync(file)) continue;
    const code = readFileSync(file, 'utf8');
    bytes += gz(code);
    for (const spec of staticImports(code)) {
      const next = resolveUrl(distDir, url, spec);
      if (next) queue.push(next.url);
    }
  }
  return bytes;
}

/** @returns {{ initial: number, beforeInteraction: number }} gzip bytes */
export function pageWeight(distDir, htmlFile) {
  const html = readFileSync(htmlFile, 'utf8');
  const seen = new Set();
  let inline = 0;
  const scriptUrls = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1];
    if (/type=["'](?:application\/json|text\/plain)["']/.test(attrs)) continue;
    const src = /\bsrc=["']([^"']+)["']/.exec(attrs);
    if (src) scriptUrls.push(src[1]);
    else if (m[2].trim()) inline += gz(m[2]);
  }
  const initial = inline + closureBytes(distDir, scriptUrls, seen);
  const islandUrls = [];
  for (const m of html.matchAll(/<astro-island\b([^>]*)>/g)) {
    for (const attr of ['component-url', 'renderer-url', 'before-hydration-url']) {
      const v = new RegExp(`${attr}="([^"]+)"`).exec(m[1]);
      if (v && v[1]) islandUrls.push(v[1].replace(/&amp;/g, '&'));
    }
  }
  const beforeInteraction = initial + closureBytes(distDir, islandUrls, seen);
  return { initial, beforeInteraction };
}

export function kb(bytes) {
  return (bytes / 1024).toFixed(1);
}

// Used as a script: `node scripts/page-weight.mjs dist/chapters/x/index.html`
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of process.argv.slice(2)) {
    const w = pageWeight(dirname(file).split('/')[0] === 'dist' ? 'dist' : 'dist', file);
    console.log(`${file}: initial ${kb(w.initial)} KB, before interaction ${kb(w.beforeInteraction)} KB (gzip)`);
  }
}
