/**
 * Cheap invariants the recorder checks online, as each event is recorded, so
 * an engine bug fails fast at the step it happens, naming the seed (as
 * TigerBeetle's simulator checks its cluster as it runs): a node's epoch never
 * decreases, a node never applies an entry beyond the end of its own log, and
 * an operation completes at most once. They cost a switch and a map lookup per
 * event; the full properties are the checkers' and the swarm tests' job.
 */
import type { NodeId, OpId, TraceEvent } from './events.ts';

/** An engine invariant broke: a bug in the engine, never in the learner's code. */
export class InvariantError extends Error {
  readonly seed: number;
  readonly step: number;
  constructor(seed: number, step: number, what: string) {
    super(
      `Engine invariant broken at step ${step}, seed ${seed}: ${what}. This is a bug in the engine; please report the seed.`,
    );
    this.name = 'InvariantError';
    this.seed = seed;
    this.step = step;
  }
}

export class OnlineInvariants {
  readonly #seed: number;
  readonly #epoch = new Map<NodeId, number>();
  /** Last LSN of each node's log, for nodes whose log the trace shows. */
  readonly #logEnd = new Map<NodeId, number>();
  readonly #completed = new Set<OpId>();

  constructor(seed: number) {
    this.#seed = seed;
  }

  check(e: TraceEvent): void {
    switch (e.type) {
      case 'role': {
        const before = this.#epoch.get(e.node);
        if (before !== undefined && e.epoch < before)
          this.#fail(e.step, `${e.node}'s epoch went back from ${before} to ${e.epoch}`);
        this.#epoch.set(e.node, e.epoch);
        break;
      }
      case 'append':
        this.#logEnd.set(e.node, Math.max(this.#logEnd.get(e.node) ?? 0, e.lsn));
        break;
      case 'truncate':
      case 'snapshot':
        this.#logEnd.set(e.node, e.lsn);
        break;
      case 'apply': {
        const end = this.#logEnd.get(e.node);
        if (end !== undefined && e.lsn > end)
          this.#fail(e.step, `${e.node} applied LSN ${e.lsn} beyond the end of its log (LSN ${end})`);
        break;
      }
      case 'ack':
      case 'fail':
      case 'info':
        if (this.#completed.has(e.op)) this.#fail(e.step, `operation ${e.op} completed a second time`);
        this.#completed.add(e.op);
        break;
      default:
        break;
    }
  }

  #fail(step: number, what: string): never {
    throw new InvariantError(this.#seed, step, what);
  }
}
