/**
 * The sorted-list rules on QEMU's own lists, as accepted patches would
 * show them: every entry of every list in the schemas and meson.build
 * files of ../shared, taken in turn as the one line(s) a patch adds, with
 * three lines of context.  What the rules say is each an entry that
 * really stands out of order among sorted neighbours; the README lists
 * them, and the two on lists QEMU orders by meaning.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reviewPatch } from '../../src/engine/run.js';
import { viewOfText } from '../../src/patch/view.js';
import { entryRuns } from '../../src/lists/sorted-entries.js';
import sortedList from '../../rules/qapi/sorted-list.js';
import mesonSortedList from '../../rules/build/meson-sorted-list.js';
import { hunkDiff, patchOf } from '../support/patches.js';
import { schemaFiles } from '../support/schema-files.js';
import { hasShared, repoRoot, shared } from '../support/shared.js';
import { listsByMeaning, renderLists, type ListsByMeaning } from '../../src/devtools/lists-by-meaning.js';

function mesonFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === 'meson.build') found.push(relative(root, path));
    }
  };
  walk(root);
  return found.sort();
}

function replay(release: string): { entries: number; findings: string[] } {
  const root = shared('qemu', release);
  let entries = 0;
  const findings: string[] = [];
  for (const path of [...schemaFiles(release), ...mesonFiles(root)]) {
    const lines = readFileSync(join(root, path), 'utf8').replace(/\n$/, '').split('\n');
    for (const run of entryRuns(viewOfText(path, `${lines.join('\n')}\n`), () => true)) {
      for (const e of run) {
        entries++;
        const from = Math.max(1, e.line - 3);
        const to = Math.min(lines.length, e.endLine + 3);
        const hunk: string[] = [];
        for (let n = from; n <= to; n++) hunk.push(`${n >= e.line && n <= e.endLine ? '+' : ' '}${lines[n - 1]}`);
        const review = reviewPatch(patchOf(hunkDiff(path, [{ start: from, lines: hunk }])), [sortedList, mesonSortedList]);
        expect(review.failures).toEqual([]);
        for (const f of review.findings) findings.push(`${f.file}:${f.line} ${f.message.replace(/^keep the list sorted: /, '')}`);
      }
    }
  }
  return { entries, findings };
}

describe.skipIf(!hasShared)('sorted lists: each entry of QEMU as if a patch added it', () => {
  it('10.0.13', () => {
    const { entries, findings } = replay('10.0.13');
    expect(entries).toBe(2430);
    expect(findings).toEqual([
      "qapi/block-core.json:4737 'blkverify' belongs after 'blkreplay'",
      "qapi/block-core.json:4738 'blkreplay' belongs after 'blklogwrites'",
      "qapi/block-core.json:4768 'qcow2' belongs after 'qcow'",
      "qapi/block-core.json:4769 'qcow' belongs after 'preallocate'",
      "qapi/qom.json:1134 's390-pv-guest' belongs before 'sev-guest', further up",
      "qapi/qom.json:1139 'tls-cipher-suites' belongs before 'tls-creds-anon', further up",
      "qapi/qom.json:1212 'tls-cipher-suites' belongs before 'tls-creds-anon', further up",
      "migration/meson.build:31 'multifd-zero-page.c' belongs after 'multifd-nocomp.c'",
      "migration/meson.build:36 'tls.c' belongs after 'threadinfo.c', further down",
      "migration/meson.build:37 'threadinfo.c' belongs after 'socket.c'",
      "net/meson.build:15 'dgram.c' belongs before 'queue.c', further up",
      "qapi/meson.build:64 'qdev' belongs after 'pci'",
      "qapi/meson.build:65 'pci' belongs after 'cryptodev'",
      "tests/qapi-schema/meson.build:108 'features-too-many.json' belongs after 'features-duplicate-name.json', further down",
      "tests/qapi-schema/meson.build:143 'allow-preconfig-test.json' belongs before 'non-objects.json', further up",
    ]);
  }, 120_000);

  it('7.2.0', () => {
    const { entries, findings } = replay('7.2.0');
    expect(entries).toBe(1873);
    expect(findings).toEqual([
      "qapi/block-core.json:4364 'blkverify' belongs after 'blkreplay'",
      "qapi/block-core.json:4365 'blkreplay' belongs after 'blklogwrites'",
      "qapi/block-core.json:4395 'qcow2' belongs after 'qcow'",
      "qapi/block-core.json:4396 'qcow' belongs after 'preallocate'",
      "qapi/qom.json:913 's390-pv-guest' belongs before 'sev-guest', further up",
      "qapi/qom.json:918 'tls-cipher-suites' belongs before 'tls-creds-anon', further up",
      "qapi/qom.json:985 'tls-cipher-suites' belongs before 'tls-creds-anon', further up",
      "block/meson.build:7 'copy-before-write.c' belongs after 'blkverify.c', further down",
      "net/meson.build:17 'dgram.c' belongs before 'queue.c', further up",
      "qapi/meson.build:59 'qdev' belongs after 'pci'",
      "qapi/meson.build:60 'pci' belongs after 'audio'",
    ]);
  }, 120_000);
});

describe.skipIf(!hasShared)('the lists QEMU orders by meaning (rules/qapi/lists-by-meaning.json)', () => {
  it('are what the script makes of the release they name', () => {
    const committed = readFileSync(join(repoRoot, 'rules', 'qapi', 'lists-by-meaning.json'), 'utf8');
    const data = JSON.parse(committed) as ListsByMeaning;
    const release = /^QEMU (\S+) qapi/.exec(data.source)![1]!;
    expect(renderLists(listsByMeaning(shared('qemu', release), release, data.generated))).toBe(committed);
    expect(data.lists.map((l) => l.name)).toEqual(expect.arrayContaining(['NetClientDriver', 'Netdev', 'SocketAddressLegacy', 'RunState']));
    expect(data.lists.map((l) => l.name)).not.toContain('ObjectType');
  }, 60_000);
});
