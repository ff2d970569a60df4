/**
 * Doc comments as QEMU before 9.0 read them (verified against every schema
 * of QEMU 7.2.0): a section is introduced by its first word ('@name:',
 * 'Returns:', 'Since:', 'Note:', 'Notes:', 'Example:', 'Examples:',
 * 'TODO:') and runs until the next one, whatever the indentation of the
 * lines in between; continuation lines only must not start left of the
 * text on the tag's line.  A '= Heading' inside a free-form block starts
 * a new block.
 *
 * QEMU 7.2's own messages are not all known here; where a rule is the same
 * as in later releases, the later message is used.
 */
import { DocComment, kindTitle, type DocSection, type SectionKind } from './doc-model.js';
import { commentText } from './doc-lines.js';
import type { Lexer } from './lexer.js';
import { isPythonSpace, leadingSpaceCount, rstripSpace } from './python-compat.js';
import { semanticError } from './source-info.js';

const TAG_KIND: Record<string, SectionKind> = {
  'Returns:': 'returns',
  'Since:': 'since',
  'Note:': 'note',
  'Notes:': 'note',
  'Example:': 'example',
  'Examples:': 'example',
  'TODO:': 'todo',
};

/** Reads the doc comment at the current '##'; a heading inside free-form text splits it in two. */
export function readLegacyDocComments(lexer: Lexer): DocComment[] {
  if (lexer.val !== '##') throw lexer.error("junk after '##' at start of documentation comment");
  const start = lexer.info;
  const docs: DocComment[] = [];
  let reader = new LegacyDocReader(lexer, start);
  for (lexer.accept(false); ; lexer.accept(false)) {
    const text = commentText(lexer);
    if (text.startsWith('##')) {
      if (text !== '##') throw lexer.error("junk after '##' at end of documentation comment");
      docs.push(reader.finish());
      lexer.accept();
      return docs;
    }
    if (text.startsWith('# =')) {
      if (reader.symbol !== undefined) throw lexer.error("unexpected '=' markup in definition documentation");
      if (reader.hasBodyText()) {
        docs.push(reader.finish());
        reader = new LegacyDocReader(lexer, start);
      }
    }
    reader.addLine(text);
  }
}

type State = 'body' | 'members' | 'features' | 'sections';

/** One section being read, with the text column its continuation lines must not start left of. */
interface OpenSection {
  section: DocSection;
  indent: number;
}

class LegacyDocReader {
  symbol: string | undefined;
  private doc: DocComment | undefined;
  private state: State = 'body';
  private readonly body: OpenSection;
  private current: OpenSection;

  constructor(
    private readonly lexer: Lexer,
    private readonly start: DocComment['info'],
  ) {
    this.body = { section: { kind: 'plain', info: start, text: '' }, indent: 0 };
    this.current = this.body;
  }

  hasBodyText(): boolean {
    return this.body.section.text !== '';
  }

  addLine(comment: string): void {
    let line = comment.slice(1);
    if (line === '') {
      this.append('');
      return;
    }
    if (line[0] !== ' ') throw this.lexer.error('missing space after #');
    line = line.slice(1);
    switch (this.state) {
      case 'body':
        return this.bodyLine(line);
      case 'members':
      case 'features':
        return this.descriptionLine(line);
      case 'sections':
        return this.sectionLine(line);
    }
  }

  finish(): DocComment {
    this.close();
    const doc = this.doc ?? new DocComment(this.start);
    doc.sections[0]!.text = this.body.section.text;
    return doc;
  }

  private bodyLine(line: string): void {
    const word = firstWord(line);
    if (this.symbol === undefined && !this.hasBodyText() && line.startsWith('@')) {
      if (!line.endsWith(':')) throw this.lexer.error("line should end with ':'");
      this.symbol = line.slice(1, -1);
      if (!this.symbol) throw this.lexer.error("name required after '@'");
      this.doc = new DocComment(this.start, this.symbol);
      this.body.section = this.doc.sections[0]!;
    } else if (this.symbol === undefined) {
      this.append(line);
    } else if (isDescriptionWord(word)) {
      this.state = 'members';
      this.descriptionLine(line);
    } else if (line === 'Features:') {
      this.state = 'features';
    } else if (word in TAG_KIND) {
      this.state = 'sections';
      this.sectionLine(line);
    } else {
      this.append(line);
    }
  }

  /** A line while reading '@name:' descriptions (of members, or of features after 'Features:'). */
  private descriptionLine(line: string): void {
    const word = firstWord(line);
    if (isDescriptionWord(word)) {
      this.startDescription(this.state === 'features' ? 'feature' : 'member', word.slice(1, -1), line);
    } else if (word in TAG_KIND) {
      this.state = 'sections';
      this.sectionLine(line);
    } else if (this.current.section.text.endsWith('\n\n') && line !== '' && !isPythonSpace(line[0]!)) {
      // An unindented paragraph after a blank line ends the descriptions.
      if (line === 'Features:' && this.state === 'members') {
        this.state = 'features';
        return;
      }
      this.open('plain', this.lexer.info, 0);
      this.state = 'sections';
      this.sectionLine(line);
    } else {
      this.append(line);
    }
  }

  private sectionLine(line: string): void {
    const word = firstWord(line);
    if (isDescriptionWord(word)) {
      throw this.lexer.error(`description of '${word}' follows a section`);
    }
    const kind = TAG_KIND[word];
    if (kind) {
      const { text, indent } = textAfterTag(line, /^\S*:\s*/);
      if ((kind === 'returns' || kind === 'since') && this.doc!.section(kind)) {
        throw semanticError(this.lexer.info, `duplicated '${kindTitle(kind)}' section`);
      }
      this.open(kind, this.lexer.info, indent);
      this.append(text);
      return;
    }
    this.append(line);
  }

  private startDescription(kind: 'member' | 'feature', name: string, line: string): void {
    const { text, indent } = textAfterTag(line, /^@\S*:\s*/);
    this.close();
    const description = this.doc!.describe(kind, name, this.lexer.info);
    this.current = { section: description, indent };
    this.append(text);
  }

  private open(kind: SectionKind, info: DocSection['info'], indent: number): void {
    this.close();
    const section: DocSection = { kind, info, text: '' };
    this.doc!.sections.push(section);
    this.current = { section, indent };
  }

  /** Ends the current section: trims it, and a tagged one or a description must have text. */
  private close(): void {
    const { section } = this.current;
    section.text = section.text.trim();
    if (section.kind !== 'plain' && section.text === '') {
      const tag = section.kind === 'member' || section.kind === 'feature' ? `@${section.name}` : kindTitle(section.kind);
      throw semanticError(section.info, `text required after '${tag}:'`);
    }
  }

  /** Appends a line to the current section; text must not start left of the section's text column. */
  private append(line: string): void {
    const at = /^(@\S+:)/.exec(line);
    if (at) throw this.lexer.error(`'${at[1]}' not allowed in free-form documentation`);
    let text = line;
    if (text !== '') {
      const { indent } = this.current;
      if (leadingSpaceCount(text) < indent) {
        throw this.lexer.error(`unexpected de-indent (expected at least ${indent} spaces)`);
      }
      text = text.slice(indent);
    }
    this.current.section.text += `${rstripSpace(text)}\n`;
  }
}

function firstWord(line: string): string {
  const space = line.indexOf(' ');
  return space < 0 ? line : line.slice(0, space);
}

function isDescriptionWord(word: string): boolean {
  return word.startsWith('@') && word.endsWith(':');
}

/**
 * The text after a tag ('@name:' or 'Since:'), padded so that it keeps its
 * column, and that column as the indentation continuation lines need; a
 * tag alone on its line leaves them free.
 */
function textAfterTag(line: string, tag: RegExp): { text: string; indent: number } {
  const width = tag.exec(line)![0].length;
  const rest = line.slice(width);
  return rest === '' ? { text: '', indent: 0 } : { text: ' '.repeat(width) + rest, indent: width };
}
