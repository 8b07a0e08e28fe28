/**
 * Replay benchmark: what opening and scrubbing a long run costs. Prints `name: value unit` lines:
 *   replay.trace_events          events in the benchmark's run (one long engine run, ~100k events)
 *   replay.open                  createReplay(trace): must cost nothing up front (the fold is lazy)
 *   replay.first_board           open + the board before the first event (what a view shows on open)
 *   replay.to_end                open + the board after the last event (folds the whole run once)
 *   replay.seek_random           one at(step) at a random step, after the run has been folded once
 *   replay.play_step             one at(step + 1) after at(step): playback, the cheap forward path
 *   timetravel.open              the simulation view's `new TimeTravel(trace)` + its first state
 *   timetravel.seek_random       one tt.seek(cursor) at a random cursor, after the run has been folded once
 *   timetravel.play_step         one tt.stepForward()
 * Each figure is the best of a few tries (the machine is shared). Run: npx node scripts/bench/replay.ts
 */
import { performance } from 'node:perf_hooks';
import { createReplay, runSimulation, Rng, type Trace } from '../../src/engine/index.ts';
import { TimeTravel } from '../../src/components/sim/model/timetravel.ts';

const trace: Trace = runSimulation(
  {
    seed: 1,
    label: 'bench-replay',
    topology: { leader: 'A', followers: ['B', 'C'] },
    replication: { mode: 'async', format: 'logical' },
    network: { latency: { kind: 'uniform', min: 1, max: 5 } },
    workload: { clients: 4, thinkTime: 2, readRatio: 0.2, keys: ['a', 'b', 'c', 'd'], duration: 7_200 },
    maxEvents: 1_000_000,
  },
  { settle: 200 },
);
const n = trace.events.length;

function best(tries: number, f: () => void): number {
  let t = Infinity;
  for (let i = 0; i < tries; i++) {
    const t0 = performance.now();
    f();
    t = Math.min(t, performance.now() - t0);
  }
  return t;
}

const SEEKS = 2_000;
const PLAY = 20_000;
const rng = new Rng(7);
const targets = Array.from({ length: SEEKS }, () => rng.int(0, n - 1));
const playFrom = Math.floor(n / 3);

// Warm the JIT on both paths first, so the first figure is not the cold one.
for (let i = 0; i < 3; i++) {
  createReplay(trace).at(n - 1);
  new TimeTravel(trace).toEnd();
}

const open = best(5, () => void createReplay(trace));
const first = best(5, () => void createReplay(trace).at(-1));
const toEnd = best(3, () => void createReplay(trace).at(n - 1));
const warm = createReplay(trace);
warm.at(n - 1);
const seek = best(3, () => {
  for (const s of targets) warm.at(s);
});
const play = best(3, () => {
  for (let s = playFrom; s < playFrom + PLAY; s++) warm.at(s);
});

const ttOpen = best(5, () => void new TimeTravel(trace).state);
const tt = new TimeTravel(trace);
tt.toEnd();
const ttSeek = best(3, () => {
  for (const s of targets) tt.seek(s + 1);
});
const ttPlay = best(3, () => {
  tt.seek(playFrom);
  for (let i = 0; i < PLAY; i++) tt.stepForward();
});

console.log(`replay.trace_events: ${n} count`);
console.log(`replay.open: ${open.toFixed(2)} ms`);
console.log(`replay.first_board: ${first.toFixed(2)} ms`);
console.log(`replay.to_end: ${toEnd.toFixed(1)} ms`);
console.log(`replay.seek_random: ${((seek / SEEKS) * 1000).toFixed(1)} us`);
console.log(`replay.play_step: ${((play / PLAY) * 1000).toFixed(1)} us`);
console.log(`timetravel.open: ${ttOpen.toFixed(2)} ms`);
console.log(`timetravel.seek_random: ${((ttSeek / SEEKS) * 1000).toFixed(1)} us`);
console.log(`timetravel.play_step: ${((ttPlay / PLAY) * 1000).toFixed(1)} us`);
