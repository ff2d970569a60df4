/**
 * Reading one doc comment block: the role of each line, its sections
 * (overview, descriptions, `Features:`, tagged sections) and its paragraphs.
 *
 * The block is read line by line with a stack of nested contexts the way
 * rST nests them by indentation: sections, list items, directive bodies,
 * literal blocks.  A block whose top lies above the visible lines starts in
 * an unknown context; it becomes known at the first line whose meaning does
 * not depend on what came before (a description, a tag, an unindented line).
 */
import type { SourceLine } from '../patch/types.js';
import type { DocBlock, DocLine, DocParagraph, DocSection, LineRole, SectionKind } from './types.js';
import type { DocSpan } from './block-finder.js';
import {
  endsWithLiteralMarker,
  indentOf,
  isBlankText,
  isFeaturesLine,
  isHeading,
  isLegacyExampleTag,
  isProseDirective,
  isQmpArrow,
  looksLikeJson,
  matchDescription,
  matchDirective,
  matchDirectiveOption,
  matchListMarker,
  matchTag,
  takesTitleArgument,
  type DirectiveStart,
} from './doc-syntax.js';

/**
 * Lines at the top of a cut-off block that are indented at most this much,
 * and followed by a member or feature description, are read as description
 * text.  Deeper lines may be a literal block inside a description, so they
 * stay unknown.  0 turns the promotion off.
 */
const PROMOTABLE_CONTINUATION_INDENT = 4;

type VerbatimRole = 'doc-literal' | 'doc-example';

/** A nesting level: prose whose paragraphs start at `indent`, or verbatim text. */
type Frame =
  | {
      kind: 'prose';
      /** A non-blank line indented this much or less leaves the frame; -1 for a section's own level. */
      closesAt: number;
      /** Where its paragraphs start; null until a line shows it. */
      indent: number | null;
      /** Literal blocks inside hold QMP examples (the body of an annotated `qmp-example`). */
      examples: boolean;
    }
  | { kind: 'verbatim'; closesAt: number; role: VerbatimRole };

function prose(closesAt: number, indent: number | null, examples = false): ProseFrame {
  return { kind: 'prose', closesAt, indent, examples };
}

function verbatim(closesAt: number, role: VerbatimRole): Frame {
  return { kind: 'verbatim', closesAt, role };
}

type ProseFrame = Extract<Frame, { kind: 'prose' }>;

interface OpenParagraph {
  paragraph: DocParagraph;
  frame: ProseFrame;
}

interface PendingDirective {
  name: string;
  indent: number;
  /** Still reading `:option:` lines. */
  options: boolean;
  annotated: boolean;
}

const HANGING_KINDS: ReadonlySet<SectionKind> = new Set(['member', 'feature', 'description', 'tagged', 'unknown']);

export interface ReadDoc {
  block: DocBlock;
  roles: Map<number, LineRole>;
}

function docLine(source: SourceLine): { text: string; indent: number } {
  const body = source.text.trimStart();
  // After `#` comes one space; `#text` is an error the generator reports, we just read on.
  let text = body.startsWith('#') ? body.slice(1) : body;
  if (text.startsWith(' ')) text = text.slice(1);
  if (isBlankText(text)) text = '';
  return { text, indent: indentOf(text) };
}

/** Reads one block as far as the span shows it. */
export function readDocBlock(span: DocSpan): ReadDoc {
  return new DocReader(span).read();
}

class DocReader {
  private readonly roles = new Map<number, LineRole>();
  private readonly lines: DocLine[] = [];
  private readonly sections: DocSection[] = [];
  private readonly paragraphs: DocParagraph[] = [];
  private symbol: { name: string; line: number } | null = null;
  private freeForm: boolean | null = null;

  private section: DocSection | null = null;
  /** The current section is a legacy `Example:` section: everything up to the next tag is example. */
  private exampleSection = false;
  private featuresSeen = false;
  private frames: Frame[] = [];
  private open: OpenParagraph | null = null;
  private pendingLiteral: { closesAt: number; role: VerbatimRole } | null = null;
  private directive: PendingDirective | null = null;
  /** Indentation of the QMP `->`/`<-` line whose JSON is still going on. */
  private transcript: number | null = null;
  private afterBlank = false;

  /** The context of the lines read so far is known (false at the top of a cut-off block). */
  private known: boolean;
  /** Unknown-context lines that are prose if a description follows. */
  private readonly candidates: DocLine[] = [];
  /** Prose read in a section of unknown kind: it could be the body of a pre-9.2 `Example:` section. */
  private readonly risky: DocLine[] = [];
  private descriptionSeen = false;
  /** The section of unknown kind at the top of a cut-off block, whose prose is risky. */
  private riskySection: DocSection | null = null;
  /** Until a directive shows rST-era markup, which no `Example:` section would hold. */
  private riskOpen = true;

  constructor(private readonly span: DocSpan) {
    this.known = !span.startsAbove;
  }

  read(): ReadDoc {
    const { span } = this;
    if (span.open) this.push(span.open, 'doc-delimiter', '', 0);
    const symbolSeenFirst = span.startsAbove && this.symbolUnderUnseenTop();
    if (symbolSeenFirst) this.known = true;
    else if (span.startsAbove) this.riskySection = this.startSection('unknown', span.body[0]?.line ?? span.close?.line ?? 0);
    let first = span.open !== null || symbolSeenFirst;

    for (const source of span.body) {
      if (source.text.trim() === '') {
        // The generator skips blank lines inside a block; they do not end paragraphs in its eyes either.
        this.push(source, 'blank', '', 0);
        continue;
      }
      const { text, indent } = docLine(source);
      if (first) {
        first = false;
        const m = /^@([^:]*):/.exec(text);
        if (m) {
          this.symbol = { name: m[1]!, line: source.line };
          this.freeForm = false;
          this.push(source, 'doc-symbol', text, indent);
          continue;
        }
        this.freeForm = true;
        this.startSection('intro', source.line);
      } else if (!this.section && this.freeForm === false) {
        this.startSection('intro', source.line);
      }
      if (text === '') this.blank(source);
      else this.nonBlank(source, text, indent);
    }

    const endVisible = span.close !== null;
    this.closeParagraph(endVisible);
    if (span.close) this.push(span.close, 'doc-delimiter', '', 0);
    this.settleUnknownTop();

    const all = [span.open, ...span.body, span.close].filter((l): l is SourceLine => l !== null);
    const block: DocBlock = {
      startLine: all[0]!.line,
      endLine: all[all.length - 1]!.line,
      opened: span.open !== null,
      closed: span.close !== null,
      symbol: this.symbol,
      freeForm: this.freeForm,
      lines: this.lines,
      // An overview of blank lines only is no overview; the top section of a cut-off block may end up empty.
      sections: this.sections.filter((s) => s.lines.some((l) => l.role !== 'doc-blank' && l.role !== 'blank')),
      paragraphs: this.paragraphs,
    };
    return { block, roles: this.roles };
  }

  /**
   * Whether the first visible line of a cut-off block is its symbol line: `@Name:` alone, then a lone `#`.
   * A description cannot look like that, since the generator requires its text (on the line or the next).
   */
  private symbolUnderUnseenTop(): boolean {
    const lines = this.span.body.filter((l) => l.text.trim() !== '');
    const [head, next] = lines.map((l) => docLine(l).text);
    return head !== undefined && next === '' && /^@[^:\s]*:\s*$/.test(head);
  }

  // ---- lines -------------------------------------------------------------

  private push(source: SourceLine, role: LineRole, text: string, indent: number): DocLine {
    const line: DocLine = { line: source.line, raw: source.text, text, role, indent };
    this.lines.push(line);
    this.roles.set(source.line, role);
    if (this.section && role !== 'doc-delimiter' && role !== 'doc-symbol') this.section.lines.push(line);
    return line;
  }

  private setRole(line: DocLine, role: LineRole): void {
    line.role = role;
    this.roles.set(line.line, role);
  }

  private blank(source: SourceLine): void {
    this.push(source, 'doc-blank', '', 0);
    if (this.open) {
      const last = this.open.paragraph.lines[this.open.paragraph.lines.length - 1]!;
      if (endsWithLiteralMarker(last.text)) this.pendingLiteral = this.literalAfter(this.open);
    }
    this.closeParagraph(true);
    this.transcript = null;
    if (this.directive) this.directive.options = false;
    this.afterBlank = true;
  }

  private nonBlank(source: SourceLine, text: string, indent: number): void {
    const wasAfterBlank = this.afterBlank;
    this.afterBlank = false;

    if (!this.known && !this.becomeKnown(source, text, indent, wasAfterBlank)) return;

    if (indent === 0 && this.startsSection(text, wasAfterBlank)) {
      this.sectionLine(source, text);
      return;
    }
    if (this.exampleSection) {
      this.push(source, 'doc-example', text, indent);
      return;
    }

    this.leaveFrames(indent);
    if (indent === 0 && wasAfterBlank && this.section && this.freeForm !== true) {
      // An unindented paragraph after a blank line ends a description or tagged section.
      const kind = this.section.kind;
      if (kind === 'member' || kind === 'feature' || kind === 'description' || kind === 'tagged' || kind === 'features') {
        this.startSection('plain', source.line);
      } else if (kind === 'unknown') {
        this.sectionFrame().indent = 0;
      }
    }

    if (this.pendingLiteral) {
      const literal = this.pendingLiteral;
      this.pendingLiteral = null;
      if (indent > literal.closesAt) {
        this.enter(verbatim(literal.closesAt, literal.role));
      }
    }
    if (this.directive && this.directiveLine(source, text, indent)) return;

    const frame = this.top();
    if (frame.kind === 'verbatim') {
      this.push(source, this.transcriptRole(text, indent) ?? frame.role, text, indent);
      return;
    }
    this.proseLine(source, text, indent, wasAfterBlank);
  }

  /**
   * At the top of a cut-off block: decides whether this line makes the context
   * known.  Returns false when the line was dealt with and the context is
   * still unknown.
   */
  private becomeKnown(source: SourceLine, text: string, indent: number, afterBlank: boolean): boolean {
    if (isQmpArrow(text) || (this.transcript !== null && indent > this.transcript)) {
      if (isQmpArrow(text)) this.transcript = indent;
      this.push(source, 'doc-example', text, indent);
      return false;
    }
    if (indent > 0) {
      // Description text, a literal block or an example body: all look alike here.
      this.candidates.push(this.push(source, 'unknown', text, indent));
      return false;
    }
    this.known = true;
    this.transcript = null;
    if (this.lines.length === 0 && /^@[^:\s]*:\s*$/.test(text)) {
      // The symbol line under an unseen `##`, or a description whose text is on the next lines (7.2 has
      // both followed by unindented text).  Either way no pre-9.2 `Example:` section goes on here.
      this.startSection('unknown', source.line);
      this.push(source, 'unknown', text, indent);
      return false;
    }
    if (!matchDescription(text) && !matchTag(text) && !isFeaturesLine(text) && !matchDirective(text)) {
      // Unindented text leaves any literal block or directive body; which section it is in stays unknown.
      if (afterBlank) this.sectionFrame().indent = 0;
    }
    return true;
  }

  // ---- sections ----------------------------------------------------------

  /** An unindented line that opens a section where one may open. */
  private startsSection(text: string, afterBlank: boolean): boolean {
    if (this.freeForm === true) return false;
    const kind = this.section?.kind;
    if (this.exampleSection) return matchTag(text) !== null || matchDescription(text) !== null;
    // Inside descriptions and tagged sections any unindented line may open the next section; in the
    // overview and untagged paragraphs only a line that starts a paragraph.
    const anywhere = kind !== undefined && kind !== 'intro' && kind !== 'plain';
    if (!afterBlank && this.open !== null && !anywhere) return false;
    return matchDescription(text) !== null || matchTag(text) !== null || isFeaturesLine(text);
  }

  private sectionLine(source: SourceLine, text: string): void {
    if (isFeaturesLine(text)) {
      this.featuresSeen = true;
      this.descriptionSeen = true;
      // Descriptions before `Features:` are members'.
      for (const s of this.sections) if (s.kind === 'description') s.kind = 'member';
      this.startSection('features', source.line);
      this.push(source, 'doc-prose', text, 0);
      return;
    }
    const description = matchDescription(text);
    if (description) {
      this.descriptionSeen = true;
      if (this.freeForm === null) this.freeForm = false;
      // Under a cut-off top, a description may follow a `Features:` line out of sight.
      const kind = this.featuresSeen ? 'feature' : this.riskySection ? 'description' : 'member';
      const section = this.startSection(kind, source.line);
      section.name = description.name;
      this.headLine(source, text, description.lead);
      return;
    }
    const tag = matchTag(text)!;
    if (this.freeForm === null) this.freeForm = false;
    const section = this.startSection('tagged', source.line);
    section.tag = tag.tag;
    if (isLegacyExampleTag(tag.tag)) {
      this.exampleSection = true;
      const rest = text.slice(tag.lead.length);
      this.push(source, rest.trim() === '' ? 'doc-prose' : 'doc-example', text, 0);
      return;
    }
    this.headLine(source, text, tag.lead);
  }

  /** The `@name: text` or `Tag: text` line: its text, if any, starts the section's first paragraph. */
  private headLine(source: SourceLine, text: string, lead: string): void {
    const line = this.push(source, 'doc-prose', text, 0);
    if (text.length > lead.length) this.startParagraph(line, lead, this.sectionFrame(), true);
  }

  private startSection(kind: SectionKind, line: number): DocSection {
    this.closeParagraph(true);
    const section: DocSection = { kind, line, lines: [] };
    this.sections.push(section);
    this.section = section;
    this.exampleSection = false;
    this.pendingLiteral = null;
    this.directive = null;
    this.transcript = null;
    const hanging = HANGING_KINDS.has(kind);
    this.frames = [prose(-1, hanging ? null : 0)];
    return section;
  }

  // ---- nesting -----------------------------------------------------------

  private top(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  /** The section's own level, always prose. */
  private sectionFrame(): ProseFrame {
    return this.frames[0] as ProseFrame;
  }

  private enter(frame: Frame): void {
    this.closeParagraph(true);
    this.frames.push(frame);
  }

  private leaveFrames(indent: number): void {
    while (this.frames.length > 1 && indent <= this.top().closesAt) {
      if (this.open?.frame === this.top()) this.closeParagraph(true);
      this.frames.pop();
    }
    if (this.directive && indent <= this.directive.indent) this.directive = null;
  }

  /** The literal block a `::` paragraph announces: deeper than the paragraph's own level. */
  private literalAfter(open: OpenParagraph): { closesAt: number; role: VerbatimRole } {
    const level = open.frame.indent ?? 0;
    const role: VerbatimRole = this.inExamples() ? 'doc-example' : 'doc-literal';
    return { closesAt: level, role };
  }

  private inExamples(): boolean {
    return this.frames.some((f) => f.kind === 'prose' && f.examples);
  }

  /** Option lines and the first body line of a directive; true when the line was consumed. */
  private directiveLine(source: SourceLine, text: string, indent: number): boolean {
    const directive = this.directive!;
    if (directive.options && indent > directive.indent) {
      const option = matchDirectiveOption(text);
      if (option !== null) {
        if (option === 'annotated') directive.annotated = true;
        this.push(source, 'doc-directive', text, indent);
        return true;
      }
    }
    this.directive = null;
    if (indent <= directive.indent) return false;
    const closesAt = directive.indent;
    if (isProseDirective(directive.name)) {
      this.enter(prose(closesAt, indent));
    } else if (directive.name === 'qmp-example' && directive.annotated) {
      this.enter(prose(closesAt, indent, true));
    } else {
      const role: VerbatimRole = directive.name === 'qmp-example' ? 'doc-example' : 'doc-literal';
      this.enter(verbatim(closesAt, role));
    }
    return false;
  }

  // ---- prose -------------------------------------------------------------

  /** 'doc-example' when the line is part of a QMP exchange. */
  private transcriptRole(text: string, indent: number): LineRole | null {
    if (isQmpArrow(text)) {
      this.transcript = indent;
      return 'doc-example';
    }
    if (this.transcript === null) return null;
    if (indent > this.transcript || (indent === this.transcript && looksLikeJson(text))) return 'doc-example';
    this.transcript = null;
    return null;
  }

  private proseLine(source: SourceLine, text: string, indent: number, afterBlank: boolean): void {
    let frame = this.top() as ProseFrame;
    const exampleRole = this.transcriptRole(text, indent);
    if (exampleRole) {
      this.closeParagraph(true);
      this.push(source, exampleRole, text, indent);
      return;
    }
    if (frame.indent === null && indent > 0) frame.indent = indent;

    const open = this.open?.frame === frame ? this.open : null;
    if (open) {
      const line = this.push(source, 'doc-prose', text, indent);
      const paragraph = open.paragraph;
      if (paragraph.lines.length === 1) paragraph.restIndent = indent;
      paragraph.lines.push(line);
      this.noteRisk(line);
      return;
    }

    const directive = matchDirective(text);
    if (directive) {
      this.directiveStart(source, text, indent, directive);
      return;
    }
    if (indent === 0 && this.freeForm !== false && isHeading(text)) {
      this.push(source, 'doc-heading', text, indent);
      return;
    }
    const marker = matchListMarker(text);
    if (marker) {
      const content = indent + marker.length;
      frame = prose(content - 1, content);
      this.enter(frame);
      const line = this.push(source, 'doc-prose', text, indent);
      this.startParagraph(line, marker, frame, true);
      this.noteRisk(line);
      return;
    }
    if (frame.indent !== null && indent > frame.indent) {
      // Deeper than its surroundings after a blank line: an rST block quote.
      frame = prose(indent - 1, indent);
      this.enter(frame);
    }
    const line = this.push(source, 'doc-prose', text, indent);
    // Right under the cut-off top of a block, the paragraph may have begun above.
    const startVisible = afterBlank || (this.known === true && !this.topUnseen(line));
    this.startParagraph(line, '', frame, startVisible);
    this.noteRisk(line);
  }

  private directiveStart(source: SourceLine, text: string, indent: number, d: DirectiveStart): void {
    this.closeParagraph(true);
    this.directive = null;
    if (indent === 0 && d.name !== '') this.riskOpen = false;
    if (d.name === '') {
      // An rST comment or link target: not rendered as text.
      this.push(source, 'doc-directive', text, indent);
      this.enter(verbatim(indent, 'doc-literal'));
      return;
    }
    if (isProseDirective(d.name) && !takesTitleArgument(d.name) && d.argument !== '') {
      // `.. note:: Text` starts the note's first paragraph on the directive line.
      const frame = prose(indent, null);
      this.enter(frame);
      const line = this.push(source, 'doc-prose', text, indent);
      this.startParagraph(line, d.lead, frame, true);
      this.open!.paragraph.restIndent = indent + 3;
      return;
    }
    this.push(source, 'doc-directive', text, indent);
    this.directive = { name: d.name, indent, options: true, annotated: false };
  }

  private startParagraph(line: DocLine, lead: string, frame: ProseFrame, startVisible: boolean): void {
    this.closeParagraph(true);
    const firstIndent = line.indent;
    let restIndent = firstIndent;
    if (lead.startsWith('@') || matchTag(lead)) restIndent = frame.indent ?? 4;
    else if (lead !== '') restIndent = firstIndent + lead.length;
    const paragraph: DocParagraph = {
      lines: [line],
      section: this.section!,
      firstIndent,
      restIndent,
      lead,
      startVisible,
      endVisible: false,
    };
    this.paragraphs.push(paragraph);
    this.open = { paragraph, frame };
  }

  private closeParagraph(endVisible: boolean): void {
    if (!this.open) return;
    this.open.paragraph.endVisible = endVisible;
    this.open = null;
  }

  /** The line continues text that started above the visible lines of the block. */
  private topUnseen(line: DocLine): boolean {
    if (!this.span.startsAbove) return false;
    return this.lines.every((l) => l === line || l.role === 'unknown' || l.role === 'doc-example' || l.role === 'blank');
  }

  private noteRisk(line: DocLine): void {
    if (this.section !== null && this.section === this.riskySection && this.riskOpen) this.risky.push(line);
  }

  // ---- the cut-off top ---------------------------------------------------

  /**
   * A description after the unknown top rules out a pre-9.2 `Example:`
   * section above (descriptions cannot follow one), so unindented text there
   * is prose; shallow indented lines are then description text too.  Without
   * that evidence, prose read there is demoted to unknown.
   */
  private settleUnknownTop(): void {
    if (this.descriptionSeen) {
      const promote = this.candidates.filter((l) => l.indent <= PROMOTABLE_CONTINUATION_INDENT);
      if (promote.length === 0) return;
      for (const l of promote) this.setRole(l, 'doc-prose');
      this.regroupPromoted(promote);
      return;
    }
    if (this.risky.length === 0) return;
    const demoted = new Set(this.risky);
    for (const l of this.risky) this.setRole(l, 'unknown');
    for (let i = this.paragraphs.length - 1; i >= 0; i--) {
      if (this.paragraphs[i]!.lines.some((l) => demoted.has(l))) this.paragraphs.splice(i, 1);
    }
  }

  /** Promoted lines form paragraphs of the unknown section, split at blank lines. */
  private regroupPromoted(promoted: DocLine[]): void {
    const section = this.riskySection!;
    const set = new Set(promoted);
    const made: DocParagraph[] = [];
    let current: DocParagraph | null = null;
    let sawBlankBefore = false;
    for (const l of section.lines) {
      if (!set.has(l)) {
        if (current) current.endVisible = true;
        current = null;
        sawBlankBefore = l.role === 'doc-blank';
        if (l.role !== 'doc-blank' && l.role !== 'blank') break;
        continue;
      }
      if (!current) {
        current = {
          lines: [l],
          section,
          firstIndent: l.indent,
          restIndent: l.indent,
          lead: '',
          startVisible: sawBlankBefore,
          endVisible: false,
        };
        made.push(current);
      } else {
        current.lines.push(l);
      }
    }
    // Not spread into unshift(): a cut-off block of 200,000 such lines would overflow the stack.
    const rest = this.paragraphs.splice(0);
    for (const p of made) this.paragraphs.push(p);
    for (const p of rest) this.paragraphs.push(p);
  }
}
