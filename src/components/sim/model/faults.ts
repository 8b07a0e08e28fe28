/**
 * Faults a learner can inject from the simulation view. A fault is plain data
 * with the virtual time it happens at; the run is recomputed from the same
 * seed with the fault list, so the result is as reproducible as the original.
 */
import type { Fault as EngineFault } from '../../../engine/index.ts';

/** The fault families a `<Simulation faults={[...]}>` may offer. */
export const FAULT_KINDS = ['crash', 'restart', 'partition', 'slow', 'skew', 'crash-consumer'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * The faults the viewer can inject: the engine's own fault type (its
 * `SimulationConfig.faults` entries), restricted to the families a lesson may
 * offer. `heal` comes with `partition`; a `slow` factor of 1 restores a link.
 */
export type Fault = Extract<
  EngineFault,
  { readonly kind: 'crash' | 'restart' | 'partition' | 'heal' | 'slow' | 'skew' | 'crash-consumer' }
>;

/** Which prop entry allows a fault (heal comes with partition). */
export function familyOf(f: Fault): FaultKind {
  return f.kind === 'heal' ? 'partition' : f.kind;
}

export function isFaultKind(x: unknown): x is FaultKind {
  return typeof x === 'string' && (FAULT_KINDS as readonly string[]).includes(x);
}

/** Keeps only the known fault kinds of a prop, in canonical order, without duplicates. */
export function normaliseFaultKinds(x: unknown): FaultKind[] {
  if (!Array.isArray(x)) return [];
  return FAULT_KINDS.filter((k) => x.includes(k));
}

/** Short words for the fault list and the live region. */
export function describeFault(f: Fault): string {
  const at = `at t=${Math.round(f.at * 10) / 10} ms`;
  switch (f.kind) {
    case 'crash':
      return `crash ${f.node} ${at}`;
    case 'restart':
      return `restart ${f.node} ${at}`;
    case 'partition':
      return `partition ${f.groups.map((g) => `{${g.join(', ')}}`).join(' | ')} ${at}`;
    case 'heal':
      return `heal the partition ${at}`;
    case 'slow':
      return f.factor === 1
        ? `restore link ${f.from} ↔ ${f.to} ${at}`
        : `slow link ${f.from} ↔ ${f.to} ×${f.factor} ${at}`;
    case 'crash-consumer':
      return `crash CDC consumer ${f.consumer} ${at}`;
    case 'skew':
      return `skew ${f.node}'s clock by ${f.ms >= 0 ? '+' : ''}${f.ms} ms ${at}`;
  }
}
