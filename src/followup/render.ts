/** The follow-up as text (for a terminal) and as the JSON document other tools read (version 1). */
import type { FollowupReport } from './followup.js';
import { byReviewer, clean, commentLine, findingLine, summaryLine } from './summary.js';

export function followupText(report: FollowupReport): string {
  const out: string[] = [];
  for (const f of report.followups) {
    out.push(clean(f.to.subject || f.to.source));
    out.push(`  follows v${f.from.version}: ${clean(f.from.subject || f.from.source)}${f.patchMatchedBy === 'subject' ? '' : ` (matched by its diff, ${Math.round(f.similarity * 100)}% alike)`}`);
    out.push(summaryLine(f));
    const old = f.findings.filter((x) => x.status !== 'new');
    const fresh = f.findings.filter((x) => x.status === 'new');
    if (old.length > 0) {
      out.push(`Points of the v${f.from.version} review:`);
      for (const x of old) out.push(`  ${findingLine(x)}`);
    }
    if (fresh.length > 0) {
      out.push(`New in v${f.to.version}:`);
      for (const x of fresh) out.push(`  ${findingLine(x)}`);
    }
    for (const [reviewer, comments] of byReviewer(f.reviewComments)) {
      out.push(`Comments of ${reviewer} on v${f.from.version}:`);
      for (const c of comments) out.push(`  ${commentLine(c)}`);
    }
    if (f.unanchoredComments > 0) {
      out.push(`  (${f.unanchoredComments === 1 ? 'one comment answers' : `${f.unanchoredComments} comments answer`} other mails and quotes no line of the patch)`);
    }
    out.push(`Commit message: ${f.commitMessage}.`, '');
  }
  for (const u of report.unmatched) out.push(`${clean(u.version.subject || u.version.source)}: ${u.why}.`);
  const patches = report.followups.length;
  if (report.unmatched.length > 0) out.push('');
  out.push(patches === 0 ? 'No patch has an earlier version in the input.' : `${patches === 1 ? '1 patch' : `${patches} patches`} followed up on an earlier version.`);
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
        oldLine: x.oldLine,
        newLine: x.newLine,
        message: x.message,
        severity: (x.new ?? x.old)!.severity,
      })),
      reviewComments: f.reviewComments.map((c) => ({
        reviewer: c.reviewer ? (c.reviewer.name.trim() === '' ? c.reviewer.address : `${c.reviewer.name.trim()} <${c.reviewer.address}>`) : null,
        messageId: c.messageId,
        file: c.file,
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
