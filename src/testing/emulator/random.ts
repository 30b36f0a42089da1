/**
 * Deterministic pseudo-random generators for emulators' seeded companies and for simulations in tests: the same seed
 * always gives the same sequence, on every machine. Not for anything secret.
 * @module
 */

/** mulberry32: a uniform number in [0, 1) per call (the Xero emulator's data, simulations). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** xorshift32: a uniform number in [0, 1) per call (the QuickBooks, Sage and FreeAgent emulators' data). Seed 0 acts as 1. */
export function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}
