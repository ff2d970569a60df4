/**
 * The follow-up as a reply to the new version's patch, addressed like the
 * other replies: the summary line first, then the points still open (under
 * the new version's line, quoted), the new ones, and what became of the
 * lines each reviewer commented on.  Facts about lines, never a claim that
 * a comment was answered.
 */
import { composeNote, replyTargetOf } from '../email/compose.js';
import type { OutgoingMail, ReplyOptions } from '../email/types.js';
import { PROSE_WIDTH, wrapParagraph } from '../email/wrap.js';
import type { Mail } from '../mail/types.js';
import type { CarriedFinding } from './carry.js';
import type { Followup } from './followup.js';
import { byReviewer, commentLine, move, summaryLine } from './summary.js';

/** The reply, or null when there is nothing to follow up (no findings on either version, no review comments). */
export function followupMail(f: Followup, newMail: Mail, options: ReplyOptions = {}): OutgoingMail | null {
  if (f.findings.length === 0 && f.reviewComments.length === 0) return null;
  const body = newMail.body.split('\n');
  const out: string[] = ['Hi,', '', ...wrapParagraph(summaryLine(f)), ''];
  const section = (title: string, findings: CarriedFinding[]) => {
    if (findings.length === 0) return;
    out.push(title, '');
    for (const x of findings) {
      const at = x.new?.patchLine;
      const quoted = at === undefined ? undefined : body[at - 1];
      if (quoted !== undefined) out.push(quoted === '' ? '>' : `> ${quoted}`, '');
      out.push(...wrapParagraph(`${move(x.file, x.oldLine, x.newLine, x.newFile)}: ${x.message} [${x.rule}]`, PROSE_WIDTH, '    '), '');
    }
  };
  section(
    `Still open from the v${f.from.version} review:`,
    f.findings.filter((x) => x.status === 'open'),
  );
  section(
    `New in v${f.to.version}:`,
    f.findings.filter((x) => x.status === 'new'),
  );
  for (const [reviewer, comments] of byReviewer(f.reviewComments)) {
    out.push(...wrapParagraph(`The lines ${reviewer} commented on in v${f.from.version}:`), '');
    for (const c of comments) out.push(...wrapParagraph(`- ${commentLine(c)}`, PROSE_WIDTH, '  '));
    out.push('');
  }
  out.push(`The commit message ${f.commitMessage === 'changed' ? 'changed' : 'is unchanged'} since v${f.from.version}.`, '');
  return composeNote(replyTargetOf(newMail), out, options);
}
