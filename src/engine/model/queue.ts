/**
 * The engine's single event queue: a binary min-heap ordered by
 * (virtual time, insertion sequence).
 *
 * The sequence number breaks ties, so two things scheduled for the same
 * millisecond always run in the order they were scheduled: this is what makes
 * a run reproducible. Entries are stored in parallel arrays rather than as
 * objects because the queue is the hottest structure in the engine.
 */

export type Task = () => void;

export class EventQueue {
  private times: number[] = [];
  private seqs: number[] = [];
  private tasks: Task[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.times.length;
  }

  /** Time of the earliest entry, or `Infinity` when empty. */
  peekTime(): number {
    return this.times.length > 0 ? (this.times[0] as number) : Infinity;
  }

  /** Times are rounded to 1/1000 ms so traces stay short and free of float noise. */
  push(rawTime: number, task: Task): void {
    const time = Math.round(rawTime * 1000) / 1000;
    const seq = this.nextSeq++;
    const times = this.times;
    const seqs = this.seqs;
    const tasks = this.tasks;
    let i = times.length;
    times.push(time);
    seqs.push(seq);
    tasks.push(task);
    // Sift up.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p] as number;
      if (pt < time || (pt === time && (seqs[p] as number) < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[p] as number;
      tasks[i] = tasks[p] as Task;
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    tasks[i] = task;
  }

  /** Removes the earliest entry and returns its task; call `peekTime` first for its time. */
  pop(): Task | undefined {
    const times = this.times;
    const n = times.length;
    if (n === 0) return undefined;
    const seqs = this.seqs;
    const tasks = this.tasks;
    const top = tasks[0];
    const lastT = times.pop() as number;
    const lastS = seqs.pop() as number;
    const lastTask = tasks.pop() as Task;
    const m = n - 1;
    if (m > 0) {
      // Sift the last element down from the root.
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= m) break;
        const r = l + 1;
        let c = l;
        if (r < m) {
          const lt = times[l] as number;
          const rt = times[r] as number;
          if (rt < lt || (rt === lt && (seqs[r] as number) < (seqs[l] as number))) c = r;
        }
        const ct = times[c] as number;
        if (ct > lastT || (ct === lastT && (seqs[c] as number) > lastS)) break;
        times[i] = ct;
        seqs[i] = seqs[c] as number;
        tasks[i] = tasks[c] as Task;
        i = c;
      }
      times[i] = lastT;
      seqs[i] = lastS;
      tasks[i] = lastTask;
    }
    return top;
  }
}
