/**
 * Writes rules/maintainers-sections.json: the sections of a QEMU
 * MAINTAINERS file with their F: and X: patterns, so that maintainer
 * profiles apply to a patch reviewed without a tree.  Regenerate it from a
 * newer release with `npm run maintainers:map -- path/to/MAINTAINERS 10.2.0`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseMaintainers } from '../maintainers/maintainers.js';
import type { SectionMap } from '../maintainers/profiles.js';

export function sectionMap(text: string, release: string, date: string): SectionMap {
  const sections = parseMaintainers(text)
    .filter((s) => s.files.length > 0)
    .map((s) => ({ name: s.name, files: s.files, excluded: s.excluded }));
  return { source: `QEMU ${release} MAINTAINERS`, generated: date, sections };
}

/** One section per line: the file stays readable in a diff when a release moves a few patterns. */
export function renderMap(map: SectionMap): string {
  const sections = map.sections.map((s) => `  ${JSON.stringify(s)}`).join(',\n');
  return `{\n "source": ${JSON.stringify(map.source)},\n "generated": ${JSON.stringify(map.generated)},\n "sections": [\n${sections}\n ]\n}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [input, release] = process.argv.slice(2);
  if (!input || !release) {
    console.error('usage: npm run maintainers:map -- path/to/MAINTAINERS <release, e.g. 10.0.13>');
    process.exit(2);
  }
  const out = fileURLToPath(new URL('../../../rules/maintainers-sections.json', import.meta.url));
  writeFileSync(out, renderMap(sectionMap(readFileSync(input, 'utf8'), release, new Date().toISOString().slice(0, 10))));
  console.log(`wrote ${out}`);
}
