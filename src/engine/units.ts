/**
 * What belongs together: the lines one merged fix rewrites (a doc
 * paragraph, or the lines a fix of code touches), and the findings a
 * reviewer says as one comment (those of one paragraph, and the same
 * problems in copies of its text).  Rule-agnostic: it goes by positions
 * and the doc structure alone.
 */
import type { DocBlock, DocParagraph, Definition } from '../qapi/types.js';
import type { FixUnit, LineRange, Proposal } from './fixer.js';
import { definitionOf as documentedDefinition } from '../qapi/novelty.js';
import type { ChangedFile, Finding, FindingGroup, GroupPlace, SchemaFile } from './types.js';

export interface SchemaIndex {
  /** The schema of a file of the patch, or null when it is no QAPI schema. */
  schemaOf(path: string): SchemaFile | null;
}

interface ParagraphAt {
  paragraph: DocParagraph;
  block: DocBlock;
}

const paragraphIndex = new WeakMap<SchemaFile, Map<number, ParagraphAt>>();

/** The doc paragraph (and its block) that line `n` of the schema belongs to. */
function paragraphAt(schema: SchemaFile, n: number): ParagraphAt | null {
  let index = paragraphIndex.get(schema);
  if (!index) {
    index = new Map();
    for (const block of schema.schema.docs) for (const paragraph of block.paragraphs) for (const l of paragraph.lines) index.set(l.line, { paragraph, block });
    paragraphIndex.set(schema, index);
  }
  return index.get(n) ?? null;
}

const first = (p: DocParagraph): number => p.lines[0]!.line;
const last = (p: DocParagraph): number => p.lines[p.lines.length - 1]!.line;

/** The definition a doc block documents, or that holds the lines. */
function definitionOf(schema: SchemaFile, block: DocBlock | null, range: LineRange): Definition | undefined {
  return schema.schema.definitions.find((d) => (block !== null && d.doc === block) || (d.startLine <= range.line && range.endLine <= d.endLine));
}

/** The lines a fix is checked on: the doc block and the definition it documents, or the definition and its doc. */
function windowOf(schema: SchemaFile | null, block: DocBlock | null, range: LineRange): LineRange {
  let line = block?.startLine ?? range.line;
  let endLine = block?.endLine ?? range.endLine;
  const def = schema ? definitionOf(schema, block, range) : undefined;
  if (def) {
    line = Math.min(line, def.doc?.startLine ?? def.startLine, def.startLine);
    endLine = Math.max(endLine, def.endLine);
  }
  return { line, endLine };
}

/** The fix units of a patch: proposals on one doc paragraph make one; edits of other lines make one where they touch. */
export function unitsOf(proposals: readonly Proposal[], files: readonly ChangedFile[], index: SchemaIndex): FixUnit[] {
  const units: FixUnit[] = [];
  const byParagraph = new Map<DocParagraph, FixUnit>();
  const lineUnits = new LineUnits();
  for (const p of proposals) {
    const file = files.find((f) => f.path === p.finding.file);
    if (!file) continue;
    const schema = index.schemaOf(file.path);
    const at = schema ? paragraphAt(schema, p.finding.line) : null;
    const edits = p.fix.edits ?? [];
    const inParagraph = (n: number) => at !== null && n >= first(at.paragraph) && n <= last(at.paragraph);
    if (at && edits.every((e) => inParagraph(e.line) && inParagraph(e.endLine ?? e.line))) {
      let unit = byParagraph.get(at.paragraph);
      if (!unit) {
        const range = { line: first(at.paragraph), endLine: last(at.paragraph) };
        unit = { file, ...range, paragraph: at.paragraph, window: windowOf(schema, at.block, range), proposals: [] };
        byParagraph.set(at.paragraph, unit);
        units.push(unit);
      }
      unit.proposals.push(p);
      continue;
    }
    // Rewrapping needs a paragraph; edits elsewhere make a unit of the lines they touch.
    if (p.fix.rewrap || edits.length === 0) continue;
    const span = { line: Math.min(...edits.map((e) => e.line)), endLine: Math.max(...edits.map((e) => e.endLine ?? e.line)) };
    const touching = lineUnits.touching(file, span);
    if (touching) {
      const before = { line: touching.line, endLine: touching.endLine };
      touching.line = Math.min(touching.line, span.line);
      touching.endLine = Math.max(touching.endLine, span.endLine);
      lineUnits.grown(touching, before);
      touching.window = windowOf(schema, null, touching);
      touching.proposals.push(p);
    } else {
      const unit: FixUnit = { file, ...span, paragraph: null, window: windowOf(schema, null, span), proposals: [p] };
      lineUnits.add(unit);
      units.push(unit);
    }
  }
  return units;
}

/**
 * The units of edits outside doc paragraphs, found by the lines they cover:
 * a generated definition of tens of thousands of members gets a fix a line,
 * and searching every unit for each would cost their number squared.  Each
 * line a unit covers is registered once (units only grow), and the first
 * unit made wins, as a search in order would find it.
 */
class LineUnits {
  private readonly byFile = new Map<ChangedFile, Map<number, FixUnit[]>>();
  private readonly order = new Map<FixUnit, number>();

  touching(file: ChangedFile, span: LineRange): FixUnit | undefined {
    const lines = this.byFile.get(file);
    if (!lines) return undefined;
    let found: FixUnit | undefined;
    for (let n = span.line; n <= span.endLine; n++) {
      for (const u of lines.get(n) ?? []) if (!found || this.order.get(u)! < this.order.get(found)!) found = u;
    }
    return found;
  }

  add(unit: FixUnit): void {
    this.order.set(unit, this.order.size);
    this.register(unit, unit.line, unit.endLine);
  }

  /** The unit now covers more lines than `before`. */
  grown(unit: FixUnit, before: LineRange): void {
    this.register(unit, unit.line, before.line - 1);
    this.register(unit, before.endLine + 1, unit.endLine);
  }

  private register(unit: FixUnit, from: number, to: number): void {
    let lines = this.byFile.get(unit.file);
    if (!lines) this.byFile.set(unit.file, (lines = new Map()));
    for (let n = from; n <= to; n++) {
      const at = lines.get(n);
      if (at) at.push(unit);
      else lines.set(n, [unit]);
    }
  }
}

interface Gathering {
  place: GroupPlace;
  findings: Finding[];
  /** The paragraph's text, for finding copies; null for findings outside doc paragraphs. */
  text: string | null;
}

/**
 * Groups the findings (sorted by position) into comments: one per doc
 * paragraph, one per other line; then
 * paragraphs whose text and findings are the same (at the same offsets)
 * become one group, placed at the first.  Sets each finding's `group`.
 */
export function groupFindings(findings: readonly Finding[], messageIndex: number, index: SchemaIndex): FindingGroup[] {
  const gatherings = new Map<string, Gathering>();
  findings.forEach((f) => {
    const schema = index.schemaOf(f.file);
    const at = schema ? paragraphAt(schema, f.line) : null;
    let key: string;
    let make: () => Gathering;
    if (at) {
      key = `p\n${f.file}\n${first(at.paragraph)}`;
      make = () => ({
        place: { file: f.file, line: first(at.paragraph), endLine: last(at.paragraph), owner: ownerOf(schema!, at.block) },
        findings: [],
        text: at.paragraph.lines.map((l) => l.raw).join('\n'),
      });
    } else {
      // Outside doc prose, the problems of one line (a definition's entry, say) are one comment.
      key = `l\n${f.file}\n${f.line}`;
      make = () => ({ place: { file: f.file, line: f.line, endLine: f.line, owner: null }, findings: [], text: null });
    }
    let g = gatherings.get(key);
    if (!g) {
      g = make();
      gatherings.set(key, g);
    }
    g.findings.push(f);
    // The place covers every finding's lines and its fix's.
    if (!at) {
      g.place.endLine = Math.max(g.place.endLine, f.endLine ?? f.line, f.suggestion?.endLine ?? 0);
      g.place.line = Math.min(g.place.line, f.suggestion?.line ?? f.line);
    }
  });

  const groups: { places: Gathering[] }[] = [];
  const bySignature = new Map<string, { places: Gathering[] }>();
  for (const g of gatherings.values()) {
    const signature = g.text === null ? null : signatureOf(g);
    const copyOf = signature === null ? undefined : bySignature.get(signature);
    if (copyOf) {
      copyOf.places.push(g);
      continue;
    }
    const group = { places: [g] };
    groups.push(group);
    if (signature !== null) bySignature.set(signature, group);
  }
  return groups.map((group, n) => {
    const id = `${messageIndex}-${n + 1}`;
    for (const g of group.places) for (const f of g.findings) f.group = id;
    return { id, places: group.places.map((g) => g.place) };
  });
}

/** The same text with the same problems at the same places in it. */
function signatureOf(g: Gathering): string {
  const problems = g.findings.map((f) => [f.rule, f.severity, f.message, f.line - g.place.line, f.column ?? 0, f.suggestion?.text ?? ''].join('\t'));
  return [g.place.file, g.text, ...problems].join('\n');
}

/** The name of the definition a doc block documents, when the patch shows it. */
function ownerOf(schema: SchemaFile, block: DocBlock): string | null {
  return block.symbol?.name ?? documentedDefinition(schema, block)?.name ?? null;
}
