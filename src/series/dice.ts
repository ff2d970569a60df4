/** How much two multisets (counts by key) share: the Dice coefficient, 0 (nothing) to 1 (the same). */
export function dice(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let total = 0;
  let shared = 0;
  for (const n of a.values()) total += n;
  for (const [k, n] of b) {
    total += n;
    shared += Math.min(n, a.get(k) ?? 0);
  }
  return total === 0 ? 0 : (2 * shared) / total;
}
