/**
 * One voice per problem: the findings a reviewer says as one comment (those
 * of one doc paragraph, with the paragraph's one fix), placed at the first
 * copy of the text and naming the other copies instead of repeating them.
 * The text, email and pull-request reporters speak in voices; the machine
 * formats keep one finding per location and carry the group id.
 */
import { COMMIT_MESSAGE, type Finding, type FindingGroup, type Suggestion } from '../engine/types.js';

/** One place a voice speaks about: the lines, their findings, their fix. */
export interface VoicePlace {
  file: string;
  line: number;
  endLine: number;
  /** The definition whose doc the place is in, when the patch shows it. */
  owner: string | null;
  /** In position order. */
  findings: Finding[];
  /** The merged fix of the place, when there is one. */
  fix: Suggestion | null;
}

export interface Voice {
  id: string;
  /** Where the comment goes. */
  lead: VoicePlace;
  /** Copies of the same text with the same problems: named, not repeated. */
  copies: VoicePlace[];
}

/**
 * The voices of one patch's findings (sorted by position), in the order of
 * their first finding.  Findings without a group (from an older producer)
 * speak alone.
 */
export function voicesOf(findings: readonly Finding[], groups: readonly FindingGroup[] = []): Voice[] {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const voices = new Map<string, { id: string; places: VoicePlace[] }>();
  findings.forEach((f, i) => {
    const group = f.group === undefined ? undefined : byId.get(f.group);
    const id = f.group ?? `alone-${i}`;
    let voice = voices.get(id);
    if (!voice) {
      voice = { id, places: [] };
      voices.set(id, voice);
    }
    const where = group?.places.find((p) => p.file === f.file && p.line <= f.line && f.line <= p.endLine);
    let place = voice.places.find((p) => (where ? p.file === where.file && p.line === where.line : p.file === f.file));
    if (!place) {
      place = where
        ? { ...where, findings: [], fix: null }
        : { file: f.file, line: f.line, endLine: f.endLine ?? f.line, owner: null, findings: [], fix: null };
      voice.places.push(place);
    }
    place.findings.push(f);
    place.fix ??= f.suggestion ?? null;
  });
  return [...voices.values()].map(({ id, places }) => {
    const ordered = [...places].sort((a, b) => a.line - b.line);
    return { id, lead: ordered[0]!, copies: ordered.slice(1) };
  });
}

/** The distinct lines a place's findings are on, ascending. */
export function flaggedLines(place: VoicePlace): number[] {
  return [...new Set(place.findings.map((f) => f.line))].sort((a, b) => a - b);
}

/** "line 5", "lines 5 and 6", "lines 5, 6 and 9". */
export function lineWords(lines: readonly number[]): string {
  if (lines.length === 1) return `line ${lines[0]}`;
  return `lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}`;
}

/**
 * The sentence naming a voice's copies: "Same in MigrateSetParameters,
 * line 1126, and MigrationParameters, line 1342."; places without a known
 * owner go by their lines ("Same at lines 1126 and 1127."); another file
 * is named.  Empty when there are no copies.
 */
export function copiesSentence(voice: Voice): string {
  if (voice.copies.length === 0) return '';
  const parts = voice.copies.map((c) => {
    const lines = lineWords(flaggedLines(c));
    const file = c.file === voice.lead.file ? '' : c.file === COMMIT_MESSAGE ? ' of the commit message' : ` of ${c.file}`;
    return c.owner ? `in ${c.owner}, ${lines}${file}` : `at ${lines}${file}`;
  });
  const joined = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]}`;
  return `Same ${joined}.`;
}
