/**
 * `--format sarif`: one SARIF 2.1.0 log for code scanning (GitHub) and
 * SARIF viewers.  One run holds every message of the input; each result
 * carries the mail it came from (Message-ID, subject) in its properties.
 *
 * Paths of the tree are relative URIs under `%SRCROOT%`.  Findings about
 * the commit message (our /COMMIT_MSG, as Gerrit names it) point at
 * `COMMIT_MSG` under the base `PATCHMAIL`, described in the run as the
 * patch mail's commit message: it is not a file of the tree, and a
 * relative URI under its own base says so to any consumer, while keeping
 * the line (1 the subject) that a logical location could not hold.
 */
import { createHash } from 'node:crypto';
import type * as Sarif from 'sarif';
import { COMMIT_MESSAGE, type Finding, type Rule, type Severity } from '../engine/types.js';
import type { MessageResult } from '../review/review.js';
import { version as packageVersion } from '../version.js';
import type { Output, Reporter } from './types.js';
import { isRoutineSkip } from '../review/skip.js';

const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json';

/**
 * GitHub code scanning's limits (REFERENCE.md 4.5): at most 20 runs per file
 * and 25,000 results per run.  One run is written, so the first never binds;
 * over the second, the least severe results are left out and a notification
 * says how many.  (Splitting into more runs of the same tool is no way out:
 * code scanning no longer combines runs of one tool and category.)
 */
export const MAX_RESULTS_PER_RUN = 25_000;
/** Notifications kept in the run; the rest are counted in a last one. */
const MAX_NOTIFICATIONS = 1_000;

const SOURCE_BASE = '%SRCROOT%';
const MAIL_BASE = 'PATCHMAIL';
const COMMIT_MESSAGE_URI = 'COMMIT_MSG';
const FINGERPRINT = 'qemuReviewLineHash/v1';

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };
const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export interface SarifOptions {
  /** The rules of the run, described in tool.driver.rules. */
  rules: readonly Rule[];
  version?: string;
  /** Results kept at most (MAX_RESULTS_PER_RUN; smaller in tests). */
  maxResults?: number;
}

interface Held {
  seq: number;
  severity: Severity;
  result: Sarif.Result;
}

export class SarifReporter implements Reporter {
  private readonly ruleIndex = new Map<string, number>();
  private readonly descriptors: Sarif.ReportingDescriptor[] = [];
  /** Held results by severity rank, each list in arrival order. */
  private readonly held: Held[][] = [[], [], []];
  private readonly occurrences = new Map<string, number>();
  private readonly notifications: Sarif.Notification[] = [];
  private notificationsLeftOut = 0;
  private seq = 0;
  private omitted = 0;
  private failures = 0;
  private reviewed = 0;
  private skipped = 0;

  constructor(
    private readonly out: Output,
    private readonly options: SarifOptions,
  ) {
    for (const rule of options.rules) this.describe(rule);
  }

  message(result: MessageResult): void {
    if (result.status === 'reviewed') this.reviewed++;
    else {
      this.skipped++;
      if (!isRoutineSkip(result.reason)) {
        const subject = result.subject ? `, "${result.subject}"` : '';
        this.notify('warning', `message ${result.index + 1} (${result.source}${subject}) was not reviewed: ${result.reason?.text ?? 'no reason given'}`);
      }
    }
    for (const failure of result.failures) {
      this.failures++;
      this.notify('error', `rule ${failure.rule} failed on message ${result.index + 1} (${result.source}): ${failure.error}`, failure.rule);
    }
    const body = result.mail?.body.split('\n') ?? [];
    const groups = new Map<string, Finding[]>();
    for (const f of result.findings) if (f.group !== undefined) groups.set(f.group, [...(groups.get(f.group) ?? []), f]);
    for (const finding of result.findings) {
      const sarif = this.toResult(finding, result, body);
      // The other findings of its group (one doc paragraph, and its copies): one comment to a reviewer.
      const others = (finding.group === undefined ? [] : groups.get(finding.group)!).filter((o) => o !== finding);
      if (others.length > 0) {
        sarif.relatedLocations = others.map((o, id) => ({
          id,
          physicalLocation: { artifactLocation: artifactOf(o.file), region: regionOf(o) },
          message: { text: `${o.rule}: ${o.message}` },
        }));
      }
      this.hold(finding.severity, sarif);
    }
  }

  end(): void {
    const results = this.held
      .flat()
      .sort((a, b) => a.seq - b.seq)
      .map((h) => h.result);
    if (this.omitted > 0) {
      this.notify(
        'warning',
        `${this.omitted} results left out: a SARIF run takes at most ${this.maxResults} (GitHub code scanning's limit); ` +
          'the least severe were dropped. Run the text or JSON format for all of them.',
      );
    }
    const notifications = [...this.notifications];
    if (this.notificationsLeftOut > 0) {
      notifications.push({ level: 'note', message: { text: `${this.notificationsLeftOut} more notifications left out` } });
    }
    const version = this.options.version ?? packageVersion();
    const run: Sarif.Run = {
      tool: {
        driver: {
          name: 'qemu-review',
          version,
          ...(/^\d+\.\d+\.\d+/.test(version) ? { semanticVersion: version } : {}),
          rules: this.descriptors,
        },
      },
      originalUriBaseIds: {
        [SOURCE_BASE]: { description: { text: 'The top directory of the QEMU source tree the patches apply to.' } },
        [MAIL_BASE]: {
          description: {
            text: 'The patch mail itself: COMMIT_MSG is its commit message (line 1 the subject, line 3 the first line of the body), not a file of the tree.',
          },
        },
      },
      invocations: [
        {
          executionSuccessful: this.failures === 0,
          ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
        },
      ],
      columnKind: 'utf16CodeUnits',
      results,
      properties: { messagesReviewed: this.reviewed, messagesSkipped: this.skipped, resultsOmitted: this.omitted },
    };
    const log: Sarif.Log = { $schema: SCHEMA, version: '2.1.0', runs: [run] };
    this.out.write(`${JSON.stringify(log, null, 2)}\n`);
  }

  private get maxResults(): number {
    return this.options.maxResults ?? MAX_RESULTS_PER_RUN;
  }

  /** Keeps the result, dropping the newest of the least severe when over the limit. */
  private hold(severity: Severity, result: Sarif.Result): void {
    this.held[RANK[severity]]!.push({ seq: this.seq++, severity, result });
    let total = this.held.reduce((n, list) => n + list.length, 0);
    while (total > this.maxResults) {
      const lowest = this.held.find((list) => list.length > 0)!;
      lowest.pop();
      this.omitted++;
      total--;
    }
  }

  private notify(level: Sarif.Notification.level, text: string, ruleId?: string): void {
    if (this.notifications.length >= MAX_NOTIFICATIONS) {
      this.notificationsLeftOut++;
      return;
    }
    const notification: Sarif.Notification = { level, message: { text } };
    const index = ruleId === undefined ? undefined : this.ruleIndex.get(ruleId);
    if (ruleId !== undefined && index !== undefined) notification.associatedRule = { id: ruleId, index };
    this.notifications.push(notification);
  }

  private describe(rule: Rule): number {
    const { meta } = rule;
    const known = this.ruleIndex.get(meta.id);
    if (known !== undefined) return known;
    const source = `Source: ${meta.source.title}${meta.source.quote ? `: "${meta.source.quote}"` : ''}`;
    const descriptor: Sarif.ReportingDescriptor = {
      id: meta.id,
      shortDescription: { text: meta.description },
      fullDescription: { text: meta.details ? `${meta.description}. ${meta.details}` : meta.description },
      help: { text: meta.details ? `${meta.details}\n\n${source}` : source },
      defaultConfiguration: { level: LEVEL[meta.severity] },
      properties: { scope: meta.scope ?? 'lines', source: meta.source.title },
    };
    if (meta.source.url) descriptor.helpUri = meta.source.url;
    return this.addDescriptor(meta.id, descriptor);
  }

  /** A finding of a rule the run was not told about (a rule given to the engine directly) still gets a descriptor. */
  private indexOf(ruleId: string): number {
    return this.ruleIndex.get(ruleId) ?? this.addDescriptor(ruleId, { id: ruleId, shortDescription: { text: ruleId } });
  }

  private addDescriptor(id: string, descriptor: Sarif.ReportingDescriptor): number {
    const index = this.descriptors.length;
    this.descriptors.push(descriptor);
    this.ruleIndex.set(id, index);
    return index;
  }

  private toResult(f: Finding, message: MessageResult, body: string[]): Sarif.Result {
    const artifactLocation = artifactOf(f.file);
    const region = regionOf(f);
    const result: Sarif.Result = {
      ruleId: f.rule,
      ruleIndex: this.indexOf(f.rule),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation, region } }],
      partialFingerprints: { [FINGERPRINT]: this.fingerprint(f, body) },
      properties: {
        messageId: message.messageId,
        subject: message.subject,
        source: message.source,
        messageIndex: message.index,
        ...(f.patchLine !== undefined ? { patchLine: f.patchLine } : {}),
        ...(f.group !== undefined ? { group: f.group } : {}),
        ...(f.seenIn !== undefined ? { seenIn: f.seenIn } : {}),
      },
    };
    if (f.suggestion) {
      const { line, endLine: last, text } = f.suggestion;
      result.fixes = [
        {
          description: { text: last > line ? `Replace lines ${line}-${last}` : `Replace line ${line}` },
          artifactChanges: [
            {
              artifactLocation,
              // Without columns a region is whole lines, newline excluded (SARIF 3.30.5, 3.30.7): the text carries none.
              replacements: [{ deletedRegion: last > line ? { startLine: line, endLine: last } : { startLine: line }, insertedContent: { text } }],
            },
          ],
        },
      ];
    }
    return result;
  }

  /**
   * Stable across re-runs while line numbers move: the rule, the file and
   * the text of the line the finding is on, plus the occurrence of that
   * triple in the run (the way GitHub numbers identical lines).
   */
  private fingerprint(f: Finding, body: string[]): string {
    let text = f.patchLine !== undefined ? (body[f.patchLine - 1] ?? '') : f.message;
    if (f.patchLine !== undefined && f.file !== COMMIT_MESSAGE && /^[+ -]/.test(text)) text = text.slice(1);
    const hash = createHash('sha256').update(`${f.rule}\0${f.file}\0${text.trim()}`).digest('hex').slice(0, 32);
    const n = (this.occurrences.get(hash) ?? 0) + 1;
    this.occurrences.set(hash, n);
    return `${hash}:${n}`;
  }
}

function regionOf(f: Finding): Sarif.Region {
  const region: Sarif.Region = { startLine: f.line };
  const endLine = f.endLine ?? f.line;
  if (endLine !== f.line) region.endLine = endLine;
  if (f.column !== undefined) region.startColumn = f.column;
  // Our endColumn belongs to the start line; SARIF's to the end line, so it only carries over on one line.
  if (f.endColumn !== undefined && endLine === f.line) region.endColumn = f.endColumn;
  return region;
}

function artifactOf(file: string): Sarif.ArtifactLocation {
  if (file === COMMIT_MESSAGE) return { uri: COMMIT_MESSAGE_URI, uriBaseId: MAIL_BASE };
  return { uri: file.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_BASE };
}
