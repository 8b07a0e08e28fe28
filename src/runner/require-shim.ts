/**
 * The `require` that transpiled learner code calls for its `import`s. Only the
 * modules the runner offers can be imported (the engine, as `workbook`), and
 * each is handed out hardened (SES `harden`: the module object, its functions,
 * classes and their prototypes frozen, transitively), so a cell cannot
 * replace `check.linearizable` or `Simulation.prototype.run` under the grader,
 * which uses the very same objects.
 */
import './lockdown.ts';

/** The specifier learners import the engine with: `import { createSimulation } from 'workbook'`. */
export const ENGINE_SPECIFIER = 'workbook';

export class ImportError extends Error {
  readonly specifier: string;
  constructor(specifier: string, available: readonly string[]) {
    super(
      `Cannot import '${specifier}'. Cells can import only ${available.map((a) => `'${a}'`).join(', ') || 'nothing'}` +
        ` (for example: import { createSimulation } from '${ENGINE_SPECIFIER}').`,
    );
    this.name = 'ImportError';
    this.specifier = specifier;
  }
}

export type RequireFn = (specifier: string) => unknown;

const hardened = new WeakMap<object, unknown>();

/**
 * A module as learner code gets it. A real module namespace cannot be frozen
 * (its bindings are live), so the hardened object is a plain copy of its exports.
 */
function hardenedModule(m: unknown): unknown {
  if (typeof m !== 'object' || m === null) return m;
  let out = hardened.get(m);
  if (out === undefined) {
    out = harden(Object.assign(Object.create(null) as object, m));
    hardened.set(m, out);
  }
  return out;
}

/** Builds a `require` over a fixed module table. Needs lockdown() first (sandbox.ts imports it). */
export function createRequire(modules: Readonly<Record<string, unknown>>): RequireFn {
  const names = Object.keys(modules);
  return (specifier: string) => {
    if (Object.prototype.hasOwnProperty.call(modules, specifier)) return hardenedModule(modules[specifier]);
    throw new ImportError(specifier, names);
  };
}
