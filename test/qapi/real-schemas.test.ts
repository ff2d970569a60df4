/**
 * Every schema file of QEMU 10.0.13 and 7.2.0, read whole and in pieces.
 *
 * Whole files must leave no line unknown and must agree with QEMU's own
 * parser on definitions, members and doc blocks.  Pieces of them (runs as
 * hunks show them) must agree with the whole file wherever they commit to
 * a role.  Skipped when ../shared (or python3) is not there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSchema } from '../../src/qapi/read-schema.js';
import type { Definition, DocBlock, SchemaView } from '../../src/qapi/types.js';
import { splitLines, viewFromSegments, viewOfText } from '../../src/patch/view.js';
import { schemaFiles as schemaPaths } from '../support/schema-files.js';
import { hasShared, shared } from '../support/shared.js';

const qemu = shared('qemu');
const parserScripts = path.join(qemu, '10.0.13/scripts');

/** Absolute paths of a release's schema files; none when ../shared is absent. */
function schemaFiles(version: string): string[] {
  return hasShared ? schemaPaths(version).map((f) => path.join(qemu, version, f)) : [];
}

/** A file read whole, and its lines as a run to cut pieces from. */
function wholeAndLines(f: string) {
  const text = readFileSync(f, 'utf8');
  return {
    whole: readSchema(viewOfText(f, text)),
    lines: splitLines(text).map((t, i) => ({ line: i + 1, text: t, added: false })),
  };
}

const hasPython = spawnSync('python3', ['--version']).status === 0;

/**
 * Dumps what QEMU's parser makes of each file.  QEMU 7.2's own parser is
 * not in ../shared and 10.0's rejects 7.2's `Example:`/`Note:` sections, so
 * for 7.2 ('lenient') its doc reader is swapped for one that only takes the
 * symbol line; expressions are still parsed by QEMU's code.
 */
const DRIVER = String.raw`
import json, os, sys
scripts, mode = sys.argv[1], sys.argv[2]
sys.path.insert(0, scripts)
from qapi.parser import QAPISchemaParser, QAPIDoc

if mode == 'lenient':
    def symbol_only_doc(self):
        info = self.info
        self.accept(False)
        line = self.get_doc_line()
        symbol = line[1:-1] if line and line.startswith('@') and line.endswith(':') else None
        while line is not None:
            self.accept(False)
            line = self.get_doc_line()
        self.accept()
        return QAPIDoc(info, symbol)
    QAPISchemaParser.get_doc = symbol_only_doc

def names(value):
    if isinstance(value, dict):
        return [k[1:] if k.startswith('*') else k for k in value]
    return [v['name'] if isinstance(v, dict) else v for v in value]

def feature_names(value):
    return None if value is None else [f['name'] if isinstance(f, dict) else f for f in value]

result = []
for fname in sys.argv[3:]:
    parser = QAPISchemaParser(fname)
    exprs = []
    for expr in parser.exprs:
        if expr.info.fname != fname:
            continue
        meta = next(k for k in ('enum', 'struct', 'union', 'alternate', 'command', 'event', 'include') if k in expr)
        name = expr[meta]
        if meta == 'include':
            name = os.path.relpath(name, os.path.dirname(fname))
        lists, member_features = {}, {}
        for key in ('base', 'data', 'branches'):
            value = expr.get(key)
            if isinstance(value, (dict, list)) and value:
                lists[key] = names(value)
                entries = value.items() if isinstance(value, dict) else [(v.get('name'), v) for v in value if isinstance(v, dict)]
                for k, v in entries:
                    if isinstance(v, dict) and 'features' in v:
                        member_features[k.lstrip('*')] = feature_names(v['features'])
        exprs.append({'line': expr.info.line, 'meta': meta, 'name': name, 'lists': lists,
                      'features': feature_names(expr.get('features')), 'memberFeatures': member_features,
                      'doc': expr.doc.symbol if expr.doc else None})
    docs = []
    for doc in parser.docs:
        if doc.info.fname != fname:
            continue
        entry = {'line': doc.info.line, 'symbol': doc.symbol}
        if mode == 'strict':
            entry['members'] = list(doc.args)
            entry['features'] = list(doc.features)
            entry['tags'] = [str(s.kind) for s in doc.sections if str(s.kind) != 'Plain']
        docs.append(entry)
    result.append({'file': fname, 'exprs': exprs, 'docs': docs})
json.dump(result, sys.stdout)
`;

interface ParserDump {
  file: string;
  exprs: unknown[];
  docs: unknown[];
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function qemuParser(mode: 'strict' | 'lenient', files: string[]): ParserDump[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'qapi-driver-'));
  scratch.push(dir);
  const driver = path.join(dir, 'driver.py');
  writeFileSync(driver, DRIVER);
  const out = spawnSync('python3', [driver, parserScripts, mode, ...files], { cwd: dir, maxBuffer: 1 << 28, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`QEMU's parser failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as ParserDump[];
}

/** Our reading in the shape of the driver's dump. */
function dump(schema: SchemaView, mode: 'strict' | 'lenient'): { exprs: unknown[]; docs: unknown[] } {
  // QEMU's parser keeps no pragma expressions: it applies them.
  const exprs = schema.definitions
    .filter((d) => d.meta !== 'pragma')
    .map((d: Definition) => {
      const lists: Record<string, string[]> = {};
      const memberFeatures: Record<string, string[]> = {};
      for (const m of d.members) {
        (lists[m.container] ??= []).push(m.name);
        if (m.features) memberFeatures[m.name] = m.features;
      }
      return { line: d.startLine, meta: d.meta, name: d.name, lists, features: d.features, memberFeatures, doc: d.doc?.symbol?.name ?? null };
    });
  const docs = schema.docs.map((b: DocBlock) => {
    const entry: Record<string, unknown> = { line: b.startLine, symbol: b.symbol?.name ?? null };
    if (mode === 'strict') {
      entry.members = b.sections.filter((s) => s.kind === 'member').map((s) => s.name);
      entry.features = b.sections.filter((s) => s.kind === 'feature').map((s) => s.name);
      entry.tags = b.sections.filter((s) => s.kind === 'tagged').map((s) => (s.tag === 'TODO' ? 'Todo' : s.tag));
    }
    return entry;
  });
  return { exprs, docs };
}

const versions = [
  { version: '10.0.13', mode: 'strict' as const },
  { version: '7.2.0', mode: 'lenient' as const },
];

for (const { version, mode } of versions) {
  const files = schemaFiles(version);

  describe.skipIf(files.length === 0)(`QEMU ${version} schemas read whole`, () => {
    const read = new Map(files.map((f) => [f, readSchema(viewOfText(f, readFileSync(f, 'utf8')))]));

    it.each(files.map((f) => ({ file: path.relative(qemu, f), f })))('$file: every line has a known role', ({ f }) => {
      const schema = read.get(f)!;
      const count = splitLines(readFileSync(f, 'utf8')).length;
      expect(schema.roles.size).toBe(count);
      expect([...schema.roles].filter(([, role]) => role === 'unknown')).toEqual([]);
    });

    it.skipIf(!hasPython || !existsSync(parserScripts))(
      "agrees with QEMU's parser on definitions, members and doc blocks",
      () => {
        const dumps = qemuParser(mode, files);
        expect(dumps.map((d) => d.file)).toEqual(files);
        for (const expected of dumps) {
          const ours = dump(read.get(expected.file)!, mode);
          expect({ file: expected.file, ...ours }).toEqual(expected);
        }
      },
      60_000,
    );
  });

  describe.skipIf(files.length === 0)(`QEMU ${version} schemas read in pieces`, () => {
    it('commits to no role that the whole file contradicts', () => {
      const wrong: string[] = [];
      for (const f of files) {
        const { whole, lines } = wholeAndLines(f);
        for (let a = 1; a < lines.length; a++) {
          for (const size of [7, 16]) {
            const part = readSchema(viewFromSegments(f, [lines.slice(a, a + size)]));
            for (const [n, role] of part.roles) {
              if (role !== 'unknown' && role !== whole.roles.get(n)) wrong.push(`${f}:${n} ${role}`);
            }
          }
        }
      }
      expect(wrong.slice(0, 20)).toEqual([]);
    }, 120_000);

    it('finds members where the whole file has them, with the same ranges', () => {
      const wrong: string[] = [];
      for (const f of files) {
        const { whole, lines } = wholeAndLines(f);
        for (let a = 3; a < lines.length; a += 2) {
          const segments = [lines.slice(Math.max(0, a - 40), a - 25), lines.slice(a, a + 8)];
          for (const d of readSchema(viewFromSegments(f, segments)).definitions) {
            const owner = whole.definitions.find((w) => w.startLine <= d.startLine && d.startLine <= w.endLine);
            for (const m of d.members) {
              const same = owner?.members.find((w) => w.name === m.name && JSON.stringify(w.nameRange) === JSON.stringify(m.nameRange));
              const rangeOk = m.truncated || JSON.stringify(same?.range) === JSON.stringify(m.range);
              if (!same || !rangeOk) wrong.push(`${f}:${m.nameRange.start.line} ${m.name}`);
            }
            if (d.complete && owner && (d.meta !== owner.meta || d.name !== owner.name)) wrong.push(`${f}:${d.startLine} ${d.name}`);
          }
        }
      }
      expect(wrong.slice(0, 20)).toEqual([]);
    }, 120_000);
  });
}
