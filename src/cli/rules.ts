/** `qemu-review rules`: the rule list as text, JSON or a Markdown table (the README's). */
import type { Rule } from '../engine/types.js';
import { compareText } from '../engine/text-order.js';

export function listRules(rules: readonly Rule[], format: 'text' | 'json' | 'markdown'): string {
  const sorted = [...rules].sort((a, b) => compareText(a.meta.id, b.meta.id));
  if (format === 'json') {
    return `${JSON.stringify(
      sorted.map(({ meta }) => ({
        id: meta.id,
        severity: meta.severity,
        optIn: meta.optIn ?? false,
        description: meta.description,
        source: meta.source,
        details: meta.details,
      })),
      null,
      2,
    )}\n`;
  }
  if (format === 'markdown') {
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    return [
      '| rule | severity | reports | comes from |',
      '|---|---|---|---|',
      ...sorted.map(
        ({ meta }) =>
          `| \`${meta.id}\` | ${meta.severity}${meta.optIn ? ' (opt-in)' : ''} | ${cell(meta.description)} | ${cell(meta.source.quote ? `"${meta.source.quote}" (${meta.source.title})` : meta.source.title)} |`,
      ),
      '',
    ].join('\n');
  }
  const width = Math.max(...sorted.map((r) => r.meta.id.length));
  return sorted
    .map(
      ({ meta }) =>
        `${meta.id.padEnd(width)}  ${meta.severity.padEnd(7)}  ${meta.optIn ? '(opt-in) ' : ''}${meta.description}\n${' '.repeat(width + 11)}from: ${meta.source.title}\n`,
    )
    .join('');
}
