/**
 * The engine worker shares the runner's worker host and protocol but must
 * never load SES, the sandbox or the transpiler: it runs no learner code, and
 * hardening its realm would cost every simulation start ~48 KB and a lockdown.
 * Walks the static imports of both worker entry points from the source.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const IMPORT = /^\s*import\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

/** Every module reachable by value imports (type-only imports are erased) from `entry`. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [resolve(entry)];
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.startsWith('/')) continue;
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(IMPORT)) {
      if (/^\s*import\s+type\s/.test(m[0])) continue;
      const spec = m[1] as string;
      todo.push(spec.startsWith('.') ? resolve(dirname(file), spec) : spec);
    }
  }
  return seen;
}

const rel = (s: Set<string>) => [...s].map((f) => f.replace(`${process.cwd()}/`, ''));

describe('worker entry points', () => {
  it('the engine worker reaches the shared host and protocol but not SES, lockdown, the sandbox or sucrase', () => {
    const mods = rel(reachable('src/components/sim/engine/engine.worker.ts'));
    expect(mods).toContain('src/runner/serve.ts');
    expect(mods).toContain('src/runner/protocol.ts');
    for (const bad of ['ses', 'src/runner/lockdown.ts', 'src/runner/sandbox.ts', 'src/runner/transpile.ts', 'sucrase'])
      expect(mods, bad).not.toContain(bad);
  });

  it('the runner worker reaches the same host, and lockdown is its first import', () => {
    const mods = rel(reachable('src/runner/worker.ts'));
    expect(mods).toContain('src/runner/serve.ts');
    expect(mods).toContain('src/runner/lockdown.ts');
    const first = readFileSync('src/runner/worker.ts', 'utf8').match(IMPORT)?.[0];
    expect(first).toContain("'./lockdown.ts'");
  });

  it("the view's engine client and the runner pool drive workers through the same host", () => {
    expect(rel(reachable('src/components/sim/engine/client.ts'))).toContain('src/runner/host.ts');
    expect(rel(reachable('src/runner/pool.ts'))).toContain('src/runner/host.ts');
    expect(rel(reachable('src/components/sim/engine/client.ts'))).not.toContain('src/runner/lockdown.ts');
  });
});
