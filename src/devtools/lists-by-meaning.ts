/**
 * Writes rules/qapi/lists-by-meaning.json: the enum values and union
 * branches of a QEMU release that are not kept sorted (NetClientDriver,
 * Netdev, SocketAddressLegacy...), so that qapi/sorted-list stays quiet
 * where a hunk shows a stretch of such a list that happens to look
 * sorted.  Regenerate with `npm run lists:by-meaning -- path/to/qemu 10.0.13`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { qemuOrder } from '../lists/sorted-entries.js';
import { viewOfText } from '../patch/view.js';
import { isBranch } from '../qapi/names.js';
import { readSchema } from '../qapi/read-schema.js';

export interface ListsByMeaning {
  source: string;
  generated: string;
  lists: { name: string; entries: string[] }[];
}

/** A list of this many entries or more is judged; shorter ones say little either way. */
const LONG_ENOUGH = 4;
/** Out-of-order neighbours a long sorted list may have (ObjectType's historic exceptions); a short one has none. */
const EXCEPTIONS = 2;
const SHORT = 10;

/** The enum values and union branches of one schema file, by definition. */
function listsOf(path: string, text: string): { name: string; entries: string[] }[] {
  const schema = readSchema(viewOfText(path, text));
  return schema.definitions
    .filter((d) => d.name !== null && (d.meta === 'enum' || d.meta === 'union'))
    .map((d) => ({ name: d.name!, entries: d.members.filter((m) => d.meta === 'enum' || isBranch(d.meta!, m.container)).map((m) => m.name) }))
    .filter((l) => l.entries.length >= LONG_ENOUGH);
}

const outOfOrder = (entries: readonly string[]): number => entries.filter((e, i) => i > 0 && qemuOrder(entries[i - 1]!, e) > 0).length;

export function listsByMeaning(qemu: string, release: string, date: string): ListsByMeaning {
  const dir = join(qemu, 'qapi');
  const lists = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => listsOf(`qapi/${f}`, readFileSync(join(dir, f), 'utf8')))
    .filter((l) => outOfOrder(l.entries) > (l.entries.length < SHORT ? 0 : EXCEPTIONS));
  return { source: `QEMU ${release} qapi/*.json`, generated: date, lists };
}

export function renderLists(data: ListsByMeaning): string {
  const lists = data.lists.map((l) => `  ${JSON.stringify(l)}`).join(',\n');
  return `{\n "source": ${JSON.stringify(data.source)},\n "generated": ${JSON.stringify(data.generated)},\n "lists": [\n${lists}\n ]\n}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [qemu, release] = process.argv.slice(2);
  if (!qemu || !release) {
    console.error('usage: npm run lists:by-meaning -- path/to/qemu <release, e.g. 10.0.13>');
    process.exit(2);
  }
  const out = fileURLToPath(new URL('../../../rules/qapi/lists-by-meaning.json', import.meta.url));
  writeFileSync(out, renderLists(listsByMeaning(qemu, release, new Date().toISOString().slice(0, 10))));
  console.log(`wrote ${out}`);
}
