/**
 * Doc comments as QEMU 9.0 and later read them: paragraphs, '@name:'
 * descriptions and tagged sections whose extent is decided by indentation,
 * and rST markup everywhere else.  The legacy 'Note:' and 'Example:'
 * sections are rejected with QEMU's advice on what replaces them.
 */
import { DocComment, kindTitle, type SectionKind } from './doc-model.js';
import { matchAtNameColon, nextDocLine } from './doc-lines.js';
import type { Lexer } from './lexer.js';
import { leadingSpaceCount } from './python-compat.js';
import { semanticError } from './source-info.js';

/** Tags recognised at the start of a paragraph; '::' after one is rST, not a tag. */
const SECTION_TAG = /^(Returns|Errors|Since|Notes?|Examples?|TODO)(?!::): */;

const TAG_KIND: Record<string, SectionKind> = { Returns: 'returns', Errors: 'errors', Since: 'since', TODO: 'todo' };

/** Reads the doc comment whose '##' is the current token, and moves past it. */
export function readDocComment(lexer: Lexer): DocComment {
  if (lexer.val !== '##') throw lexer.error("junk after '##' at start of documentation comment");
  const start = lexer.info;
  const first = nextDocLine(lexer);
  const doc =
    first !== null && first.startsWith('@')
      ? new DefinitionDocReader(lexer, symbolOf(lexer, first, start)).read()
      : readFreeForm(lexer, new DocComment(start), first);
  lexer.accept();
  requireSectionText(doc);
  return doc;
}

function symbolOf(lexer: Lexer, line: string, start: DocComment['info']): DocComment {
  if (!line.endsWith(':')) throw lexer.error("line should end with ':'");
  const symbol = line.slice(1, -1);
  if (!symbol) throw lexer.error("name required after '@'");
  return new DocComment(start, symbol);
}

/** Free-form text: headings only as the first line, no descriptions. */
function readFreeForm(lexer: Lexer, doc: DocComment, first: string | null): DocComment {
  doc.plainParagraph(doc.info);
  let line = first;
  for (let isFirst = true; line !== null; isFirst = false) {
    const at = matchAtNameColon(line);
    if (at) throw lexer.error(`'@${at.name}:' not allowed in free-form documentation`);
    if (line.startsWith('=') && !isFirst) throw lexer.error("'=' heading must come first in a comment block");
    doc.appendLine(line);
    line = nextDocLine(lexer);
  }
  return doc;
}

class DefinitionDocReader {
  /** Member descriptions must come before any section or the features. */
  private membersClosed = false;

  constructor(
    private readonly lexer: Lexer,
    private readonly doc: DocComment,
  ) {}

  read(): DocComment {
    let line = this.next();
    while (line !== null) {
      while (line === '') line = this.next();
      if (line === null) break;
      line = this.readSection(line);
    }
    return this.doc;
  }

  /** Reads the section `line` starts; returns the first line after it. */
  private readSection(line: string): string | null {
    const { lexer, doc } = this;
    if (line === 'Features:') {
      if (doc.features.size > 0) throw lexer.error("duplicated 'Features:' line");
      let next = this.next();
      while (next === '') next = this.next();
      next = this.readDescriptions('feature', next);
      if (doc.features.size === 0) throw lexer.error('feature descriptions expected');
      this.membersClosed = true;
      return next;
    }
    const at = matchAtNameColon(line);
    if (at) {
      if (this.membersClosed) throw lexer.error(`description of '@${at.name}:' follows a section`);
      const next = this.readDescriptions('member', line);
      this.membersClosed = true;
      return next;
    }
    const tag = SECTION_TAG.exec(line);
    if (tag) {
      const word = tag[1]!;
      if (word.startsWith('Note')) {
        throw lexer.error(
          `The '${word}' section is no longer supported. Please use rST's '.. note::' or ` +
            "'.. admonition:: notes' directives, or another suitable admonition instead.",
        );
      }
      if (word.startsWith('Example')) {
        throw lexer.error(`The '${word}' section is no longer supported. Please use the '.. qmp-example::' ` + 'directive, or other suitable markup instead.');
      }
      doc.taggedSection(TAG_KIND[word]!, lexer.info);
      this.appendRest(line.slice(tag[0].length));
      this.membersClosed = true;
      return this.readIndented();
    }
    if (line.startsWith('=')) throw lexer.error("unexpected '=' markup in definition documentation");
    doc.plainParagraph(lexer.info);
    doc.appendLine(line);
    return this.readParagraph();
  }

  /** A run of '@name:' descriptions, each with its indented continuation. */
  private readDescriptions(kind: 'member' | 'feature', first: string | null): string | null {
    let line = first;
    for (let at; line !== null && (at = matchAtNameColon(line));) {
      this.doc.describe(kind, at.name, this.lexer.info);
      this.appendRest(at.rest);
      line = this.readIndented();
    }
    return line;
  }

  private appendRest(text: string): void {
    if (text) this.doc.appendLine(text);
  }

  /**
   * The continuation of a description or tagged section: the lines
   * indented like its first indented line.  A line indented less ends it
   * after a blank line and is an error otherwise; QEMU checks that only
   * for the line right after the first continuation line, and later ones
   * simply end the section, so we do the same.
   */
  private readIndented(): string | null {
    const { doc, lexer } = this;
    let line = this.next();
    while (line === '') {
      doc.appendLine(line);
      line = this.next();
    }
    if (line === null) return null;
    const indent = leadingSpaceCount(line);
    if (indent === 0) return line;
    doc.appendLine(line);
    for (let deindentIsError = true; ; deindentIsError = false) {
      line = this.next();
      if (line === null || matchAtNameColon(line)) return line;
      if (line !== '' && leadingSpaceCount(line) < indent) {
        if (!deindentIsError) return line;
        throw lexer.error(`unexpected de-indent (expected at least ${indent} spaces)`);
      }
      doc.appendLine(line);
    }
  }

  private readParagraph(): string | null {
    for (;;) {
      const line = this.next();
      if (line === null || line === '') return line;
      this.doc.appendLine(line);
    }
  }

  private next(): string | null {
    return nextDocLine(this.lexer);
  }
}

/** Descriptions and tagged sections need text; QEMU checks once the comment is read. */
function requireSectionText(doc: DocComment): void {
  for (const section of doc.sections) {
    section.text = section.text.replace(/^\n+|\n+$/g, '');
    if (section.kind !== 'plain' && section.text === '') {
      throw semanticError(section.info, `text required after '${kindTitle(section.kind)}:'`);
    }
  }
}
