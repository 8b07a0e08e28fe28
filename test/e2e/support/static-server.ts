/**
 * A minimal static file server for the built site, used by the browser tests
 * instead of `astro preview` so a test run owns its server and its port.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Maps a URL path to a file in `root`, the way a static host does (dir -> index.html). */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  const decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  const target = normalize(join(root, decoded));
  if (!target.startsWith(resolve(root))) return undefined;
  if (existsSync(target) && statSync(target).isFile()) return target;
  const index = join(target, 'index.html');
  if (existsSync(index)) return index;
  if (existsSync(`${target}.html`)) return `${target}.html`;
  return undefined;
}

export async function startStaticServer(root: string, port = 0): Promise<{ url: string; server: Server }> {
  const absolute = resolve(root);
  const server = createServer((req, res) => {
    const file = resolveStaticPath(absolute, req.url ?? '/');
    const status = file ? 200 : 404;
    const served = file ?? join(absolute, '404.html');
    res.writeHead(status, { 'content-type': TYPES[extname(served)] ?? 'application/octet-stream' });
    if (existsSync(served)) createReadStream(served).pipe(res);
    else res.end('not found');
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const { port: actual } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${actual}`, server };
}
