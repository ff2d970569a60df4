/** Reading and rewriting QAPI doc prose: sentence ends, word wrapping. */

/** Words that end in a period without ending a sentence. */
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'cf',
  'vs',
  'resp',
  'approx',
  'incl',
  'esp',
  'viz',
  'al',
  'ca',
  'Mr',
  'Mrs',
  'Ms',
  'Dr',
  'St',
  'No',
  'Nr',
  'Fig',
  'Sec',
  'Vol',
  'ie',
  'eg',
  'aka',
  'min',
  'max',
  'Inc',
  'Ltd',
  'Co',
  'Corp',
  'Jr',
  'Sr',
]);

export interface SentenceGap {
  /** Index in the text of the single space after the sentence end. */
  index: number;
  /** The word that ends the sentence, its punctuation included (`tap.`, `through).`). */
  end: string;
}

/**
 * A sentence end followed by one space and the start of another sentence.
 * A number or letter with a period where the words begin (at `listStart`,
 * after indentation) is a list item's label, as in `1. The`; e.g., i.e.,
 * etc., initials (`J. Doe`) and ellipses are not sentence ends either.
 */
export function singleSpacedSentenceEnds(text: string, listStart: number | null = 0): SentenceGap[] {
  const gaps: SentenceGap[] = [];
  // A word, its closing punctuation, exactly one space, and the next word.  The
  // look-behind anchors each try at the start of a word: without it a long run of
  // non-space text would be rescanned from every one of its characters.
  const pattern = /(?<!\S)(\S*?)([.?!])(["')\]]*) (?=(\S+))/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const [whole, word, mark, , next] = m as unknown as [string, string, string, string, string];
    const space = m.index + whole.length - 1;
    if (text[space + 1] === ' ') continue; // two spaces: fine
    if (!startsSentence(next)) continue;
    if (mark === '.' && !endsSentence(word, m.index, text, listStart)) continue;
    gaps.push({ index: space, end: whole.slice(0, -1) });
  }
  return gaps;
}

/** Does a word start a sentence: a capital, a `(Since x.y)` note, or an `@name` reference? */
function startsSentence(word: string): boolean {
  if (/^\(\s*[Ss]ince\b/.test(word)) return true;
  if (/^\(?[A-Z]/.test(word)) return true;
  return /^@[a-z]/.test(word);
}

/** Can a period after `word` (which starts at `at`) end a sentence? */
function endsSentence(word: string, at: number, text: string, listStart: number | null): boolean {
  const bare = word.replace(/^["'([`*]+/, '');
  if (bare === '' || bare.endsWith('.')) return false; // ellipsis, or `..`
  if (ABBREVIATIONS.has(bare) || ABBREVIATIONS.has(bare.toLowerCase())) return false;
  if (/^[A-Z]$/.test(bare)) return false; // an initial, as in a person's name
  if (/^[a-z]\.[a-z]$/i.test(bare)) return false; // e.g, i.e written oddly
  // `1.` or `a.` opening the text is a list item's number, not a sentence.
  if (listStart !== null && /^(\d+|[a-zA-Z]|#)$/.test(bare) && text.slice(listStart, at).trim() === '') return false;
  return true;
}

export interface WrapOptions {
  /** Text before the words on the first line (`# @name: `), and on the others (`#     `). */
  firstPrefix: string;
  restPrefix: string;
  width: number;
  /**
   * Indexes of words the author followed by two spaces after a full stop:
   * kept, although the next word (`(default: 1)`) does not look like a
   * sentence start.  Wrapping must not take away spacing the author chose.
   */
  twoSpacedAfter?: ReadonlySet<number>;
}

/**
 * Greedy re-wrap of a paragraph's words within `width` columns.  Sentences
 * are joined with two spaces wherever they end mid-line.
 */
export function wrapWords(words: readonly string[], options: WrapOptions): string[] {
  const lines: string[] = [];
  let line = options.firstPrefix;
  let width = columns(line); // kept alongside `line`: recounting it per word is quadratic on long lines
  let empty = true;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const gap = empty ? '' : options.twoSpacedAfter?.has(i - 1) ? '  ' : sentenceGapBefore(words, i);
    const wordWidth = columns(word);
    if (!empty && width + gap.length + wordWidth > options.width) {
      lines.push(line);
      line = options.restPrefix + word;
      width = columns(options.restPrefix) + wordWidth;
    } else {
      line += gap + word;
      width += gap.length + wordWidth;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

function sentenceGapBefore(words: readonly string[], i: number): string {
  const probe = `${words[i - 1]} ${words[i]}`;
  return singleSpacedSentenceEnds(probe, null).length > 0 ? '  ' : ' ';
}

/** The words of a paragraph's lines, lead (`@name:`, `1.`) excluded. */
export function paragraphWords(texts: readonly string[]): string[] {
  return texts.flatMap((t) => t.split(/\s+/).filter((w) => w !== ''));
}

/** A word that ends like a sentence: `state.`, `through).`, `"done!"`. */
const SENTENCE_END = /[.?!]["')\]]*$/;

/**
 * Indexes (into paragraphWords(texts)) of the words that end a sentence and
 * are followed by two or more spaces on the same line.
 */
export function twoSpacedWords(texts: readonly string[]): Set<number> {
  const out = new Set<number>();
  let index = 0;
  for (const text of texts) {
    // Words and the runs of spaces between them, on one line: a line break is no gap the author chose.
    const pieces = text.trim().split(/(\s+)/);
    for (let k = 0; k < pieces.length; k += 2) {
      if (pieces[k] === '') continue;
      const gap = pieces[k + 1];
      if (gap !== undefined && gap.length >= 2 && SENTENCE_END.test(pieces[k]!)) out.add(index);
      index++;
    }
  }
  return out;
}

/** What makes a line's width differ from its length: a tab, or half of a character past U+FFFF. */
const NOT_ONE_COLUMN_EACH = /[\t\uD800-\uDFFF]/;

/** Display width: tabs to the next multiple of 8, every other character one column. */
export function columns(text: string): number {
  // Most lines: one column per UTF-16 unit. Counting them one by one made this loop the
  // hottest of a one-patch run, hot enough for V8 to stop and optimise it mid-run.
  if (!NOT_ONE_COLUMN_EACH.test(text)) return text.length;
  let col = 0;
  for (const ch of text) col = ch === '\t' ? col + 8 - (col % 8) : col + 1;
  return col;
}
