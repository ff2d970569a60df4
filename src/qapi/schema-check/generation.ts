/**
 * Which QEMU generator to emulate.  The expression and type checks have
 * stayed the same since QEMU 7.2; doc comments changed in QEMU 9.0, when
 * the doc parser was rewritten (sections by indentation, headings only
 * first, an 'Errors' section, 'Returns' only where something is returned)
 * and member documentation became mandatory,
 * and later 'Note:' and 'Example:' sections were dropped for rST.  Two
 * generations cover the releases in ../shared: 'legacy' (verified on 7.2.0)
 * and 'current' (verified on 10.0.13).  Releases 9.0 to 9.2 get 'current',
 * which may be stricter about 'Note:'/'Example:' than they were.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface Generation {
  id: 'legacy' | 'current';
  /** Doc comments in the pre-9.0 syntax: tagged sections by first word, 'Note:' and 'Example:' allowed. */
  legacyDocSyntax: boolean;
  /** Every member, value and branch of a documented definition needs a description (unless excepted by pragma). */
  memberDocsRequired: boolean;
  /** A command's 'Returns' section needs the command to return something. */
  returnsSectionNeedsReturns: boolean;
}

export const LEGACY: Generation = {
  id: 'legacy',
  legacyDocSyntax: true,
  memberDocsRequired: false,
  returnsSectionNeedsReturns: false,
};

export const CURRENT: Generation = {
  id: 'current',
  legacyDocSyntax: false,
  memberDocsRequired: true,
  returnsSectionNeedsReturns: true,
};

export function generationOf(qemuVersion: string | undefined): Generation {
  const major = qemuVersion === undefined ? NaN : Number.parseInt(qemuVersion, 10);
  return Number.isFinite(major) && major < 9 ? LEGACY : CURRENT;
}

/**
 * The VERSION file of the QEMU tree `file` sits in, looking up from its
 * directory.  Only a directory that also has qapi/ counts as a QEMU tree,
 * so another project's VERSION file is not taken for QEMU's.
 */
export function treeVersion(file: string): string | undefined {
  let dir = dirname(resolve(file));
  for (;;) {
    const candidate = join(dir, 'VERSION');
    if (existsSync(candidate) && existsSync(join(dir, 'qapi'))) {
      const version = readFileSync(candidate, 'utf8').trim();
      if (/^\d+\.\d+/.test(version)) return version;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
