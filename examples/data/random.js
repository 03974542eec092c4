// mulberry32: a small, fast, seedable 32-bit generator; the same seed always gives the same
// floats in [0, 1). The sample generator, the benchmark corpus and the dashboard's tests draw
// from it (the dashboard's bootstrap inlines the same steps in its resampling loop).
//
//   import { mulberry32 } from "./random.js";
//   const next = mulberry32(8);
//   next();  // 0.0…1.0

/** @param {number} seed @returns {() => number} */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
