/**
 * The `require` that transpiled learner code calls for its `import`s. Only the
 * modules the runner offers can be imported (the engine, as `workbook`).
 */

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

/** Builds a `require` over a fixed module table. Returned modules are frozen namespace-like objects. */
export function createRequire(modules: Readonly<Record<string, unknown>>): RequireFn {
  const names = Object.keys(modules);
  return (specifier: string) => {
    if (Object.prototype.hasOwnProperty.call(modules, specifier)) return modules[specifier];
    throw new ImportError(specifier, names);
  };
}
