/**
 * The order findings, fixes and replies are sorted in: Unicode's root collation (what
 * String.prototype.localeCompare gives under an English locale), the same whatever the user's
 * locale. For printable ASCII, which paths and rule ids are, it is computed here: the first
 * localeCompare of a process sets up ICU's collator, which cost a one-patch run more than its
 * whole review of a C file. Anything else goes to the collator itself.
 */

/** Printable ASCII in the root collation's primary order; a letter's capital shares its rank. */
const PRIMARY_ORDER = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz';

const RANK = new Uint8Array(128).fill(0xff);
for (let i = 0; i < PRIMARY_ORDER.length; i++) {
  const code = PRIMARY_ORDER.charCodeAt(i);
  RANK[code] = i;
  if (code >= 0x61 && code <= 0x7a) RANK[code - 0x20] = i;
}

let collator: Intl.Collator | undefined;

/** Negative, zero or positive as `a` sorts before, with or after `b`. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  // First by the letters regardless of case, then the first difference of case decides: small first.
  let caseOrder = 0;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    const rx = x < 128 ? RANK[x]! : 0xff;
    const ry = y < 128 ? RANK[y]! : 0xff;
    if (rx === 0xff || ry === 0xff) return (collator ??= new Intl.Collator('und')).compare(a, b);
    if (rx !== ry) return rx - ry;
    if (caseOrder === 0 && x !== y) caseOrder = x > y ? -1 : 1;
  }
  for (const rest of [a, b]) {
    for (let i = n; i < rest.length; i++) {
      const code = rest.charCodeAt(i);
      if (code >= 128 || RANK[code] === 0xff) return (collator ??= new Intl.Collator('und')).compare(a, b);
    }
  }
  if (a.length !== b.length) return a.length - b.length;
  return caseOrder;
}
