/**
 * The browser code of cohort mode (the sync client and the server's pages),
 * served as ES modules straight from src/: Node's own type stripping turns
 * each .ts file into JavaScript once, at first request. No bundler is needed
 * at run time, the static build stays free of cohort code, and the sync
 * client runs exactly the merge and parser the workbook ships (src/progress).
 * Only files under the listed folders can be served.
 */
import { readFile } from 'node:fs/promises';
import { stripTypeScriptTypes } from 'node:module';
import { join, normalize, sep } from 'node:path';

const ALLOWED = ['progress/', 'server/client/'];

export function createModuleServer(srcDir: string) {
  const cache = new Map<string, string>();
  return async (rel: string): Promise<string | undefined> => {
    if (!/^[a-z0-9/_-]+\.ts$/i.test(rel) || rel.includes('..') || !ALLOWED.some((p) => rel.startsWith(p)))
      return undefined;
    const hit = cache.get(rel);
    if (hit !== undefined) return hit;
    const file = normalize(join(srcDir, rel));
    if (!file.startsWith(normalize(srcDir + sep))) return undefined;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    const js = stripTypeScriptTypes(text, { mode: 'strip' });
    cache.set(rel, js);
    return js;
  };
}
