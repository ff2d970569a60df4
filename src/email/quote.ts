/**
 * Which lines of a patch mail a reply quotes, the way a reviewer trims:
 * the diff header of a file once, the hunk header, a few lines above the
 * finding, the lines it is about, and nothing else.  Findings whose lines
 * touch or overlap (a suggestion counts as the lines it replaces) share one
 * quote, a "place"; places come in patch order.
 */
import { COMMIT_MESSAGE, type Finding, type Suggestion } from '../engine/types.js';
import type { Mail } from '../mail/types.js';
import { readPatch } from '../patch/read-patch.js';
import type { FileDiff, Hunk, Patch } from '../patch/types.js';
import { splitLines } from '../patch/view.js';

/** Lines quoted above the first line a place is about. */
const CONTEXT_BEFORE = 3;
/** A place longer than this is quoted by its head and tail, with the middle left out. */
const LONGEST_SPAN = 16;
const SPAN_HEAD = 10;
const SPAN_TAIL = 4;
/** Diff header lines quoted at most (git's `diff`, mode, rename, `index`, `---`, `+++`). */
const LONGEST_FILE_HEADER = 8;

/** A run of body lines with its own numbering: a hunk (new-file lines), the commit message, or one lone line. */
interface Region {
  key: string;
  first: number;
  last: number;
  file: FileDiff | null;
  hunk: Hunk | null;
  /** Body line of line n of the new file (or of the commit message), when this region shows it. */
  bodyLineOf(n: number): number | undefined;
}

export interface QuotedSuggestion {
  suggestion: Suggestion;
  /** The file (or /COMMIT_MSG) whose lines it replaces. */
  file: string;
  /** The rule that suggests it. */
  rule: string;
  /** Every line it replaces is in the quote above it. */
  shown: boolean;
}

export interface Place {
  /** In patch order, then by column. */
  findings: Finding[];
  /** Body lines to quote, 1-based and ascending. */
  lines: number[];
  suggestions: QuotedSuggestion[];
}

export interface QuotePlan {
  /** The decoded body, line n at index n - 1. */
  body: string[];
  /** Findings about the mail as a whole or at no line of its body: said before any quote. */
  general: Finding[];
  places: Place[];
}

interface Located {
  finding: Finding;
  region: Region;
  start: number;
  end: number;
  suggestion?: QuotedSuggestion;
}

export function planQuotes(mail: Mail, findings: readonly Finding[], patch: Patch = readPatch(mail)): QuotePlan {
  const body = splitLines(mail.body);
  const regionAt = regionsOf(patch);
  const general: Finding[] = [];
  const located: Located[] = [];
  for (const finding of findings) {
    const p = finding.patchLine;
    if (p === undefined || p < 1 || p > body.length) {
      general.push(finding);
      continue;
    }
    const region = regionAt.get(p) ?? loneLine(p);
    located.push(locate(finding, region, p));
  }
  located.sort((a, b) => a.start - b.start || a.end - b.end || (a.finding.column ?? 0) - (b.finding.column ?? 0));

  const clusters: Located[][] = [];
  let clusterEnd = 0;
  for (const item of located) {
    const current = clusters[clusters.length - 1];
    if (current && current[0]!.region.key === item.region.key && item.start <= clusterEnd + 1) {
      current.push(item);
      clusterEnd = Math.max(clusterEnd, item.end);
    } else {
      clusters.push([item]);
      clusterEnd = item.end;
    }
  }

  const introduced = new Set<FileDiff | Hunk>();
  const quotedUpTo = new Map<string, number>();
  const places = clusters.map((cluster): Place => {
    const region = cluster[0]!.region;
    const start = Math.min(...cluster.map((c) => c.start));
    const end = Math.max(...cluster.map((c) => c.end));
    const lines: number[] = [];
    if (region.file && !introduced.has(region.file)) {
      introduced.add(region.file);
      const headerEnd = (region.file.hunks[0]?.patchLine ?? region.file.patchLine + 1) - 1;
      for (let n = region.file.patchLine; n <= Math.min(headerEnd, region.file.patchLine + LONGEST_FILE_HEADER - 1); n++) lines.push(n);
    }
    if (region.hunk && !introduced.has(region.hunk)) {
      introduced.add(region.hunk);
      lines.push(region.hunk.patchLine);
    }
    const from = Math.max(region.first, start - CONTEXT_BEFORE, (quotedUpTo.get(region.key) ?? 0) + 1);
    for (let n = from; n < start; n++) lines.push(n);
    if (end - start + 1 > LONGEST_SPAN) {
      for (let n = start; n < start + SPAN_HEAD; n++) lines.push(n);
      for (let n = end - SPAN_TAIL + 1; n <= end; n++) lines.push(n);
    } else {
      for (let n = start; n <= end; n++) lines.push(n);
    }
    quotedUpTo.set(region.key, end);
    return {
      findings: cluster.map((c) => c.finding).sort(byPosition),
      lines: [...new Set(lines)].sort((a, b) => a - b),
      suggestions: distinctSuggestions(cluster),
    };
  });
  return { body, general, places };
}

const byPosition = (a: Finding, b: Finding): number => a.patchLine! - b.patchLine! || (a.column ?? 0) - (b.column ?? 0);

/** The finding's lines in the body, widened to the lines its suggestion replaces. */
function locate(finding: Finding, region: Region, p: number): Located {
  const start = p;
  let end = p;
  if (finding.endLine !== undefined && finding.endLine > finding.line) {
    const last = region.bodyLineOf(finding.endLine);
    if (last !== undefined && last > end) end = last;
  }
  const item: Located = { finding, region, start, end };
  if (finding.suggestion) {
    const s = region.bodyLineOf(finding.suggestion.line);
    const e = region.bodyLineOf(finding.suggestion.endLine);
    const shown = s !== undefined && e !== undefined;
    if (shown) {
      item.start = Math.min(start, s);
      item.end = Math.max(end, e);
    }
    item.suggestion = { suggestion: finding.suggestion, file: finding.file, rule: finding.rule, shown };
  }
  return item;
}

function distinctSuggestions(cluster: Located[]): QuotedSuggestion[] {
  const seen = new Set<string>();
  const out: QuotedSuggestion[] = [];
  for (const { suggestion } of cluster) {
    if (!suggestion) continue;
    const key = JSON.stringify([suggestion.file, suggestion.suggestion.line, suggestion.suggestion.endLine, suggestion.suggestion.text]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(suggestion);
  }
  return out;
}

/** Every body line that belongs to a hunk or to the commit message, with its region. */
function regionsOf(patch: Patch): Map<number, Region> {
  const at = new Map<number, Region>();
  for (const file of patch.files) {
    for (const hunk of file.hunks) {
      if (hunk.lines.length === 0) continue;
      const byNewLine = new Map<number, number>();
      for (const l of hunk.lines) if (l.newLine !== null) byNewLine.set(l.newLine, l.patchLine);
      const region: Region = {
        key: `hunk:${hunk.patchLine}`,
        first: hunk.lines[0]!.patchLine,
        last: hunk.lines[hunk.lines.length - 1]!.patchLine,
        file,
        hunk,
        bodyLineOf: (n) => byNewLine.get(n),
      };
      for (const l of hunk.lines) at.set(l.patchLine, region);
    }
  }
  const message = patch.commit.body;
  if (message.length > 0) {
    // Commit message line n (1 the title, 2 the blank line) is body line n - 2.
    const byLine = new Map(message.map((l, i) => [i + 3, l.patchLine] as const));
    const region: Region = {
      key: COMMIT_MESSAGE,
      first: message[0]!.patchLine,
      last: message[message.length - 1]!.patchLine,
      file: null,
      hunk: null,
      bodyLineOf: (n) => byLine.get(n),
    };
    for (const l of message) if (!at.has(l.patchLine)) at.set(l.patchLine, region);
  }
  return at;
}

/** A finding at a body line outside any hunk and the commit message: quote that line alone. */
function loneLine(p: number): Region {
  return { key: `line:${p}`, first: p, last: p, file: null, hunk: null, bodyLineOf: () => undefined };
}
