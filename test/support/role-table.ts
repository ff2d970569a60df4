/**
 * Schema lines written as `role | text` tables, the role short (`#` for a
 * lone-`#` doc line, `delim` for `##`), for the QAPI reader's tests.
 */
import type { LineRole } from '../../src/qapi/types.js';

const SHORT: Record<string, LineRole> = {
  code: 'code',
  blank: 'blank',
  comment: 'comment',
  delim: 'doc-delimiter',
  symbol: 'doc-symbol',
  heading: 'doc-heading',
  '#': 'doc-blank',
  prose: 'doc-prose',
  literal: 'doc-literal',
  directive: 'doc-directive',
  example: 'doc-example',
  unknown: 'unknown',
};

/** The expected role and the text of each row. */
export function parseRoleTable(table: string): { roles: LineRole[]; lines: string[] } {
  const rows = table
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '')
    .split('\n');
  const roles: LineRole[] = [];
  const lines: string[] = [];
  for (const row of rows) {
    const bar = row.indexOf('|');
    const short = row.slice(0, bar).trim();
    const role = SHORT[short];
    if (!role) throw new Error(`unknown role '${short}' in row: ${row}`);
    roles.push(role);
    lines.push(row.slice(bar + 1));
  }
  return { roles, lines };
}
