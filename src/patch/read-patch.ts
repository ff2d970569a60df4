/** From a parsed mail to the patch it carries. */
import type { Mail } from '../mail/types.js';
import type { Patch } from './types.js';
import { commitMessageLines, findDiffStart } from './extract.js';
import { parseDiffAt } from './diff.js';
import { splitLines } from './view.js';

export function readPatch(mail: Mail): Patch {
  const lines = splitLines(mail.body);
  const diffStart = findDiffStart(lines);
  return {
    mail,
    commit: { title: mail.subject.title, body: commitMessageLines(lines, diffStart) },
    files: diffStart < 0 ? [] : parseDiffAt(lines, diffStart),
    mangled: mail.flowed ? 'the mail is format=flowed: the mailer re-wrapped its lines' : null,
  };
}
