/**
 * A doc comment as the checks need it: which definition it documents,
 * which members and features it describes and where, and its tagged
 * sections.  Both doc parsers (doc-parser.ts, doc-parser-legacy.ts) build it.
 */
import { semanticError, type SourceInfo } from './source-info.js';

export type SectionKind = 'plain' | 'member' | 'feature' | 'returns' | 'errors' | 'since' | 'todo' | 'note' | 'example';

export interface DocSection {
  kind: SectionKind;
  /** Where the section starts. */
  info: SourceInfo;
  /** The member or feature a 'member'/'feature' section describes. */
  name?: string;
  text: string;
}

/** A member or feature description, and whether the definition turned out to have it. */
export interface Description extends DocSection {
  name: string;
  described: boolean;
}

/** How QEMU names a section kind in "text required after '...:'". */
const KIND_TITLE: Record<SectionKind, string> = {
  plain: 'Plain',
  member: 'Member',
  feature: 'Feature',
  returns: 'Returns',
  errors: 'Errors',
  since: 'Since',
  todo: 'Todo',
  note: 'Note',
  example: 'Example',
};

export function kindTitle(kind: SectionKind): string {
  return KIND_TITLE[kind];
}

export class DocComment {
  /** Every section in textual order; the first is the body. */
  readonly sections: DocSection[];
  readonly members = new Map<string, Description>();
  readonly features = new Map<string, Description>();

  constructor(
    /** The '##' line. */
    readonly info: SourceInfo,
    /** The definition's name for definition documentation; undefined for free-form text. */
    readonly symbol?: string,
  ) {
    this.sections = [{ kind: 'plain', info, text: '' }];
  }

  get last(): DocSection {
    return this.sections[this.sections.length - 1]!;
  }

  appendLine(line: string): void {
    this.last.text += `${line}\n`;
  }

  section(kind: SectionKind): DocSection | undefined {
    return this.sections.find((s) => s.kind === kind);
  }

  /** Continues the current plain section, or starts one after a tagged section. */
  plainParagraph(info: SourceInfo): void {
    const last = this.last;
    if (last.kind !== 'plain') {
      this.sections.push({ kind: 'plain', info, text: '' });
    } else {
      if (last.text === '') last.info = info;
      last.text += '\n';
    }
  }

  /** Starts a tagged section; Returns, Errors and Since may appear once. */
  taggedSection(kind: SectionKind, info: SourceInfo): DocSection {
    if ((kind === 'returns' || kind === 'errors' || kind === 'since') && this.section(kind)) {
      throw semanticError(info, `duplicated '${kindTitle(kind)}' section`);
    }
    const section: DocSection = { kind, info, text: '' };
    this.sections.push(section);
    return section;
  }

  /** Starts the description of a member ('@name:') or, after 'Features:', of a feature. */
  describe(kind: 'member' | 'feature', name: string, info: SourceInfo): Description {
    const table = kind === 'member' ? this.members : this.features;
    if (!name) throw semanticError(info, 'invalid parameter name');
    if (table.has(name)) throw semanticError(info, `'${name}' parameter name duplicated`);
    const description: Description = { kind, info, name, text: '', described: false };
    this.sections.push(description);
    table.set(name, description);
    return description;
  }
}
