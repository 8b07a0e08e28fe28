/**
 * The visited set of a linearizability search: configurations (which
 * operations are linearized, as a bitset, plus the model's state) already
 * explored, so the search never explores one twice (Lowe's memoisation).
 *
 * The search asks "seen before? if not, remember it" once per step, millions
 * of times, so this is an open-addressing hash table over flat typed arrays:
 * no object, string or array is allocated per lookup, and memory grows only
 * by doubling. The caller keeps the bitset's hash up to date incrementally
 * (Zobrist hashing: one random word per operation, XORed in and out), so a
 * lookup costs one mix, a probe or two and a compare of a few words — the
 * compare keeps the answer exact, as a hash collision must never prune a
 * branch that was not explored.
 */

/** 32-bit avalanche (MurmurHash3's finaliser), so Zobrist hashes and small states spread over the table. */
function mix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}

export class ConfigSet {
  readonly #words: number;
  /** Entry i occupies `#words` bitset words, then the state, at `i * (#words + 1)`. */
  #entries: Uint32Array;
  #hashes: Int32Array;
  /** Slots hold entry index + 1; 0 is empty. Kept at most half full. */
  #table: Int32Array;
  #size = 0;

  constructor(words: number) {
    this.#words = words;
    this.#entries = new Uint32Array(1024 * (words + 1));
    this.#hashes = new Int32Array(1024);
    this.#table = new Int32Array(2048);
  }

  get size(): number {
    return this.#size;
  }

  /**
   * Adds the configuration (`bits`, `state`) whose bitset hashes to `bitsHash`;
   * true when it was new, false when it had been added before.
   */
  add(bits: Uint32Array, bitsHash: number, state: number): boolean {
    const words = this.#words;
    const stride = words + 1;
    const hash = mix(bitsHash ^ Math.imul(state + 1, 0x9e3779b1));
    const mask = this.#table.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const found = (this.#table[slot] ?? 0) - 1;
      if (found < 0) break;
      if (this.#hashes[found] !== hash) continue;
      const at = found * stride;
      let same = this.#entries[at + words] === state;
      for (let w = 0; same && w < words; w++) same = this.#entries[at + w] === bits[w];
      if (same) return false;
    }
    if (this.#size === this.#hashes.length) this.#grow();
    const index = this.#size++;
    this.#entries.set(bits, index * stride);
    this.#entries[index * stride + words] = state;
    this.#hashes[index] = hash;
    this.#place(index);
    return true;
  }

  #place(index: number): void {
    const mask = this.#table.length - 1;
    let slot = (this.#hashes[index] ?? 0) & mask;
    while (this.#table[slot] !== 0) slot = (slot + 1) & mask;
    this.#table[slot] = index + 1;
  }

  #grow(): void {
    const capacity = this.#hashes.length * 2;
    const entries = new Uint32Array(capacity * (this.#words + 1));
    entries.set(this.#entries);
    this.#entries = entries;
    const hashes = new Int32Array(capacity);
    hashes.set(this.#hashes);
    this.#hashes = hashes;
    this.#table = new Int32Array(capacity * 2);
    for (let i = 0; i < this.#size; i++) this.#place(i);
  }
}
