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

/**
 * Bytes the set needs per configuration for bitsets of `words` words: the
 * entry, and two table slots of two words (the table is at most half full).
 * Growth by doubling may briefly need half as much again, and the table's
 * power-of-two size up to twice its share.
 */
export function bytesPerConfig(words: number): number {
  return 4 * (words + 1) + 16;
}

/** Two words per slot, and a power-of-two count of slots at least twice the capacity. */
function tableLength(capacity: number): number {
  let slots = 2;
  while (slots < 2 * capacity) slots *= 2;
  return 2 * slots;
}

export class ConfigSet {
  readonly #words: number;
  /** Entry i occupies `#words` bitset words, then the state, at `i * (#words + 1)`. */
  #entries: Uint32Array;
  #capacity: number;
  /** The most configurations the caller will add: growth stops there instead of doubling past it. */
  readonly #limit: number;
  /**
   * Open addressing, kept at most half full: slot k is the pair (hash, entry
   * index + 1) at 2k, 2k + 1, with 0 for empty — the hash beside the index, so
   * a probe touches one cache line and the entries only when the hashes agree.
   */
  #table: Int32Array;
  #size = 0;

  constructor(words: number, limit: number) {
    this.#words = words;
    this.#limit = Math.max(1, limit);
    this.#capacity = Math.min(1024, this.#limit);
    this.#entries = new Uint32Array(this.#capacity * (words + 1));
    this.#table = new Int32Array(tableLength(this.#capacity));
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
    const entries = this.#entries;
    const table = this.#table;
    const hash = mix(bitsHash ^ Math.imul(state + 1, 0x9e3779b1));
    const mask = (table.length >>> 1) - 1;
    let slot = hash & mask;
    for (; ; slot = (slot + 1) & mask) {
      const found = (table[2 * slot + 1] ?? 0) - 1;
      if (found < 0) break;
      if (table[2 * slot] !== hash) continue;
      const at = found * stride;
      let same = entries[at + words] === state;
      for (let w = 0; same && w < words; w++) same = entries[at + w] === bits[w];
      if (same) return false;
    }
    if (this.#size === this.#capacity) {
      this.#grow();
      return this.add(bits, bitsHash, state);
    }
    const index = this.#size++;
    const at = index * stride;
    for (let w = 0; w < words; w++) entries[at + w] = bits[w] ?? 0;
    entries[at + words] = state;
    table[2 * slot] = hash;
    table[2 * slot + 1] = index + 1;
    return true;
  }

  #grow(): void {
    // Past the limit the caller has given up; keep doubling rather than fail, it is only memory.
    this.#capacity = this.#capacity < this.#limit ? Math.min(this.#capacity * 2, this.#limit) : this.#capacity * 2;
    const entries = new Uint32Array(this.#capacity * (this.#words + 1));
    entries.set(this.#entries);
    this.#entries = entries;
    const old = this.#table;
    const table = new Int32Array(tableLength(this.#capacity));
    const mask = (table.length >>> 1) - 1;
    for (let k = 0; k < old.length; k += 2) {
      const index = old[k + 1] ?? 0;
      if (index === 0) continue;
      const hash = old[k] ?? 0;
      let slot = hash & mask;
      while (table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = hash;
      table[2 * slot + 1] = index;
    }
    this.#table = table;
  }
}
