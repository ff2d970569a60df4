/**
 * The fallback for a read-only token (a pull request from a fork):
 * workflow-command annotations, which need no API write access.  The runner
 * keeps only 10 error and 10 warning annotations per step (and 50 per job),
 * so the most severe go first and the job summary holds the rest.
 */
import * as core from '@actions/core';
import type { Severity } from '../engine/types.js';
import { short } from './line-map.js';
import type { SeriesFinding } from './series.js';

/** Annotations of one level the runner shows per step (it documents 10 errors and 10 warnings). */
export const MAX_STEP_ANNOTATIONS_PER_LEVEL = 10;
/** Annotations the runner shows per job, whatever their level. */
export const MAX_JOB_ANNOTATIONS = 50;

const ORDER: readonly Severity[] = ['error', 'warning', 'info'];
const EMIT: Record<Severity, typeof core.error> = { error: core.error, warning: core.warning, info: core.notice };

export interface AnnotationOutcome {
  emitted: number;
  left: number;
}

export function annotate(findings: readonly SeriesFinding[]): AnnotationOutcome {
  let emitted = 0;
  for (const level of ORDER) {
    const some = findings.filter((f) => f.finding.severity === level).slice(0, MAX_STEP_ANNOTATIONS_PER_LEVEL);
    for (const item of some) {
      if (emitted >= MAX_JOB_ANNOTATIONS) break;
      const f = item.finding;
      const props: core.AnnotationProperties = { title: `${f.rule} (${short(item.sha)})` };
      if (item.tip) {
        props.file = item.tip.path;
        props.startLine = item.tip.line;
        props.endLine = item.tip.endLine;
        if (item.tip.line === item.tip.endLine && f.column !== undefined) props.startColumn = f.column;
        if (item.tip.line === item.tip.endLine && f.column !== undefined && f.endColumn !== undefined && f.endColumn > f.column) {
          props.endColumn = f.endColumn - 1;
        }
      }
      const where = item.tip ? '' : `${f.file}:${f.line} of ${short(item.sha)} (${item.subject}): `;
      EMIT[level](`${where}${f.message}`, props);
      emitted++;
    }
  }
  return { emitted, left: findings.length - emitted };
}
