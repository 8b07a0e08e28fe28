/**
 * Serves the built workbook (dist/) under the base path. HTML pages get one
 * extra tag, the cohort marker: a module script that loads the sync client.
 * That is how a page knows it is in cohort mode: the static build has no
 * sync code and makes no network request at all; only pages served by a
 * cohort server carry the marker (see src/server/client/sync-client.ts).
 * The quiz files (`data/quiz.<slug>.<hash>.json`) are served in their public
 * version, without keys (src/server/quiz-public.ts): in cohort mode the
 * server scores, and the keys never leave it before an attempt is submitted.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, normalize, sep } from 'node:path';
import type { ResolvedQuiz } from '../assessment/quiz/types.ts';
import { publicQuiz } from './quiz-public.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.pagefind': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
};

/** The marker tag the server adds to every page it serves. */
export const markerTag = (base: string): string =>
  `<meta name="workbook-cohort" content="${base}"><script type="module" src="${base}cohort/_src/server/client/sync-client.ts"></script>`;

export function injectMarker(html: string, base: string): string {
  const i = html.indexOf('</head>');
  return i < 0 ? markerTag(base) + html : html.slice(0, i) + markerTag(base) + html.slice(i);
}

/**
 * Any quiz-looking JSON file of data/ (wider than the build's `quiz.<slug>.<hash>.json`
 * on purpose: a renamed file must never be served with its keys).
 */
const QUIZ_LIKE_RE = /^quiz\..*\.json$/i;

/** Public versions already made, by file path and modification time (the files are immutable per build). */
const publicCache = new Map<string, { mtimeMs: number; body: string }>();

/** The keyless version of a quiz file, or undefined when the file is not a quiz file of dist/data/. */
async function publicQuizFile(root: string, file: string): Promise<string | undefined> {
  if (!QUIZ_LIKE_RE.test(basename(file)) || normalize(dirname(file) + sep) !== normalize(join(root, 'data') + sep))
    return undefined;
  const { mtimeMs } = await stat(file);
  const cached = publicCache.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.body;
  let body: string;
  try {
    body = JSON.stringify(publicQuiz(JSON.parse(await readFile(file, 'utf8')) as ResolvedQuiz));
  } catch {
    // Never fall back to the full file: a damaged quiz file is served as no quiz.
    body = JSON.stringify({ public: true, variantCount: 1, pointsPerQuestion: 0, maxScore: 0, questions: [] });
  }
  publicCache.set(file, { mtimeMs, body });
  return body;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export interface StaticResult {
  readonly status: number;
  readonly body: Uint8Array | string;
  readonly headers: Record<string, string>;
}

/** Resolves a request path (already without the base) to a file of dist/ and reads it. */
export async function serveStatic(distDir: string, relPath: string, base: string): Promise<StaticResult | undefined> {
  let rel: string;
  try {
    rel = decodeURIComponent(relPath);
  } catch {
    return undefined;
  }
  if (rel.includes('\0')) return undefined;
  const root = normalize(distDir + sep);
  const target = normalize(join(root, rel));
  // No way out of dist/ (`..`, encoded or not).
  if (!target.startsWith(root) && target + sep !== root) return undefined;
  const candidates =
    rel.endsWith('/') || rel === ''
      ? [join(target, 'index.html')]
      : [target, join(target, 'index.html'), `${target}.html`];
  for (const file of candidates) {
    if (!(await isFile(file))) continue;
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const immutable = /[\\/](_astro|data)[\\/]/.test(file.slice(root.length - 1));
    const headers: Record<string, string> = {
      'Content-Type': type,
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    const quiz = await publicQuizFile(root, file);
    if (quiz !== undefined) return { status: 200, body: quiz, headers };
    if (type.startsWith('text/html')) {
      return { status: 200, body: injectMarker(await readFile(file, 'utf8'), base), headers };
    }
    return { status: 200, body: new Uint8Array(await readFile(file)), headers };
  }
  return undefined;
}
