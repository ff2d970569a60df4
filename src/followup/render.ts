/** The follow-up as text (for a terminal) and as the JSON document other tools read (version 1). */
import type { FollowupReport } from './followup.js';
import { byReviewer, clean, commentLine, findingLine, nameOf, reviewOf, summaryLine } from './summary.js';

export function followupText(report: FollowupReport): string {
  const out: string[] = [];
  for (const f of report.followups) {
    out.push(clean(f.to.subject || f.to.source));
    out.push(
      `  follows ${nameOf(f.from)}: ${clean(f.from.subject || f.from.source)}${f.patchMatchedBy === 'subject' ? '' : ` (matched by its diff, ${Math.round(f.similarity * 100)}% alike)`}`,
    );
    out.push(summaryLine(f));
    const old = f.findings.filter((x) => x.status !== 'new');
    const fresh = f.findings.filter((x) => x.status === 'new');
    if (old.length > 0) {
      out.push(`Points of ${reviewOf(f.from)}:`);
      for (const x of old) out.push(`  ${findingLine(x)}`);
    }
    if (fresh.length > 0) {
      out.push(`New in ${nameOf(f.to)}:`);
      for (const x of fresh) out.push(`  ${findingLine(x)}`);
    }
    for (const [reviewer, comments] of byReviewer(f.reviewComments)) {
      out.push(`Comments of ${reviewer} on ${nameOf(f.from)}:`);
      for (const c of comments) out.push(`  ${commentLine(c)}`);
    }
    if (f.unanchoredComments > 0) {
      out.push(
        `  (${f.unanchoredComments === 1 ? 'one comment answers' : `${f.unanchoredComments} comments answer`} other mails and quotes no line of the patch)`,
      );
    }
    out.push(`Commit message: ${f.commitMessage}.`, '');
  }
  // A patch new in a respin is news; the first versions of everything in an archive are not.
  const added = report.unmatched.filter((u) => u.why === 'no counterpart in the earlier version');
  for (const u of added) out.push(`${clean(u.version.subject || u.version.source)}: new in v${u.version.version}, ${u.why}.`);
  if (added.length > 0) out.push('');
  const patches = report.followups.length;
  const firsts = report.unmatched.length - added.length;
  const followed =
    patches === 0 ? 'No patch has an earlier version in the input' : `${patches === 1 ? '1 patch' : `${patches} patches`} followed up on an earlier version`;
  out.push(`${followed}${firsts > 0 ? `; ${firsts === 1 ? '1 patch has' : `${firsts} patches have`} none` : ''}.`);
  return `${out.join('\n')}\n`;
}

export function followupJson(report: FollowupReport): string {
  const version = (v: FollowupReport['followups'][number]['from']) => ({
    version: v.version,
    messageId: v.messageId,
    subject: v.subject,
    number: v.number,
  });
  const document = {
    version: 1,
    followups: report.followups.map((f) => ({
      from: version(f.from),
      to: version(f.to),
      seriesLinkedBy: f.seriesLinkedBy,
      patchMatchedBy: f.patchMatchedBy,
      similarity: f.similarity,
      commitMessage: f.commitMessage,
      findings: f.findings.map((x) => ({
        status: x.status,
        rule: x.rule,
        file: x.file,
        ...(x.newFile !== null && x.newFile !== x.file ? { newFile: x.newFile } : {}),
        oldLine: x.oldLine,
        newLine: x.newLine,
        message: x.message,
        severity: (x.new ?? x.old)!.severity,
      })),
      reviewComments: f.reviewComments.map((c) => ({
        reviewer: c.reviewer ? (c.reviewer.name.trim() === '' ? c.reviewer.address : `${c.reviewer.name.trim()} <${c.reviewer.address}>`) : null,
        messageId: c.messageId,
        file: c.file,
        ...(c.newFile !== null && c.newFile !== c.file ? { newFile: c.newFile } : {}),
        oldLine: c.oldLine,
        oldStartLine: c.oldStartLine,
        newLine: c.newLine,
        status: c.status,
        excerpt: c.excerpt,
        quoted: c.quoted,
      })),
      unanchoredComments: f.unanchoredComments,
    })),
    unmatched: report.unmatched.map((u) => ({ ...version(u.version), why: u.why })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
