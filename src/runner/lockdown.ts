/**
 * Hardens the realm it is imported into (SES `lockdown()`): every shared
 * intrinsic (Object.prototype, Array.prototype, JSON, Math, …) is frozen, so
 * learner code cannot rewrite what the graders, the engine or the runner rely
 * on. Import it FIRST in the runner worker (ES modules evaluate in import
 * order, so nothing else in that realm has run yet). Never import it from a
 * lesson page: it would freeze the page's realm and add ~48 KB.
 *
 * Options, and why:
 * - errorTaming 'unsafe': keep V8 stacks, which is how errors point at the
 *   learner's line (`//# sourceURL=cell-….ts:LINE:COL`); a stack reveals nothing
 *   secret here.
 * - consoleTaming 'unsafe': leave the worker's console alone (learner code gets
 *   its own console endowment anyway).
 * - overrideTaming 'moderate': `this.name = …` in Error subclasses and
 *   `obj.toString = …` keep working on frozen prototypes.
 * - stackFiltering 'verbose': SES frames stay, so line lookup never loses the cell frame.
 * - evalTaming 'unsafe-eval': the start realm is ours (the worker, or Node-side
 *   grading and its test helpers, which use direct eval); learner code never
 *   sees its `eval` or `Function`, and a Compartment always gets safe ones.
 *   Function.prototype.constructor is tamed either way, so
 *   `(() => {}).constructor('return this')` cannot reach the start realm.
 * - reporting 'none': SES otherwise logs a console group on every worker start
 *   about the intrinsics it removes (newer iterator helpers it does not know yet).
 */
import 'ses';

const locked = Object.isFrozen(Array.prototype);
if (!locked) {
  lockdown({
    errorTaming: 'unsafe',
    consoleTaming: 'unsafe',
    overrideTaming: 'moderate',
    stackFiltering: 'verbose',
    evalTaming: 'unsafe-eval',
    reporting: 'none',
  });
}

/** True once the realm is hardened (for tests and the sandbox's guard). */
export const isLockedDown = (): boolean => Object.isFrozen(Array.prototype) && typeof harden === 'function';
