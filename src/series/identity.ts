/**
 * What makes two postings versions of one series, as patchew and b4 tell:
 * the topic (the subject with its `[...]` tags and reply markers gone), the
 * version from `[PATCH vN]`, a cover letter's `Supersedes: <msgid>` (the
 * author says which posting this one replaces, also after a rename), b4's
 * `change-id:` (the same for every version b4 prepared), and `Based-on:
 * <msgid>` (a dependency, never an identity).
 */
import type { Subject } from '../mail/types.js';
import type { Posting } from './versions.js';

/** The series (or patch) topic: the title of the subject, case and spacing folded. */
export function topicOf(subject: Subject): string {
  return subject.title.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Who sent a posting (its cover letter, else its first patch), address case folded; '' when unknown. */
export function senderOf(posting: Pick<Posting, 'cover' | 'patches'>): string {
  const mail = posting.cover ?? posting.patches[0]?.mail;
  return mail?.from?.address.toLowerCase() ?? '';
}

export interface SeriesTags {
  /** Message-IDs this posting replaces (`Supersedes: <id>`), without brackets. */
  supersedes: string[];
  /** Message-IDs this posting applies on top of (`Based-on: <id>`). */
  basedOn: string[];
  /** b4's `change-id: 20231010-topic-0123456789ab`. */
  changeId: string | null;
}

const SUPERSEDES = /^supersedes:\s*(.*)$/i;
const BASED_ON = /^based-on:\s*(.*)$/i;
const CHANGE_ID = /^change-id:\s*(\S+)\s*$/i;
const MESSAGE_ID = /<([^<>\s]{1,500})>/g;

/**
 * The tags of a cover letter or a lone patch, read from the author's own
 * text: lines before the first diff, not quoted (a quoted `Supersedes:` in a
 * reply is somebody else's).
 */
export function readSeriesTags(body: string): SeriesTags {
  const tags: SeriesTags = { supersedes: [], basedOn: [], changeId: null };
  for (const raw of body.split('\n')) {
    const line = raw.trimEnd();
    if (line.startsWith('diff --git ') || line.startsWith('Index: ')) break;
    const supersedes = SUPERSEDES.exec(line);
    if (supersedes) tags.supersedes.push(...ids(supersedes[1]!));
    const based = BASED_ON.exec(line);
    if (based) tags.basedOn.push(...ids(based[1]!));
    const change = CHANGE_ID.exec(line);
    if (change && tags.changeId === null) tags.changeId = change[1]!;
  }
  return tags;
}

function ids(text: string): string[] {
  const found = [...text.matchAll(MESSAGE_ID)].map((m) => m[1]!);
  // patchew also takes a bare id (`Supersedes: 2025...@host`).
  if (found.length === 0 && /^[^\s<>]+@[^\s<>]+$/.test(text.trim())) found.push(text.trim());
  return found;
}
