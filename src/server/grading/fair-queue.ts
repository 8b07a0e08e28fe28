/**
 * The pool's waiting line: FIFO within one owner (a learner), round-robin
 * across owners, so one learner's thirty submissions wait behind each other
 * and not in front of everyone else's. Jobs without an owner each count as
 * their own owner, which makes an owner-less queue plain FIFO. Pure data
 * structure, no timers.
 */

export class FairQueue<T> {
  /** Owners with waiting jobs, in turn order; each owner appears once. */
  private readonly turns: (string | symbol)[] = [];
  private readonly lanes = new Map<string | symbol, T[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(owner: string | undefined, item: T): void {
    const key = owner ?? Symbol('anonymous');
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = [];
      this.lanes.set(key, lane);
      this.turns.push(key);
    }
    lane.push(item);
    this.count++;
  }

  /** The next job: the oldest of the owner whose turn it is; that owner goes to the back of the line. */
  shift(): T | undefined {
    const key = this.turns.shift();
    if (key === undefined) return undefined;
    const lane = this.lanes.get(key) as T[];
    const item = lane.shift() as T;
    this.count--;
    if (lane.length > 0) this.turns.push(key);
    else this.lanes.delete(key);
    return item;
  }

  /** Removes and returns every waiting job, oldest owners first. */
  drain(): T[] {
    const out: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) out.push(item);
    return out;
  }
}
