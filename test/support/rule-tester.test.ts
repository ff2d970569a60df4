import { describe, expect, it } from 'vitest';
import type { Rule, RuleContext } from '../../src/engine/types.js';
import { deletedFileDiff, newFileDiff } from './patches.js';
import { findingsOf } from './rule-tester.js';

/**
 * A rule that asks for every line "BAD" to become "GOOD"; `trap` runs first
 * on every file and every patch it is shown, to make the rule throw where a
 * real rule's bug would.
 */
function banBad(trap: { create?: () => void; patch?: (context: RuleContext) => void; line?: (text: string) => void } = {}): Rule {
  return {
    meta: { id: 'test/ban-bad', description: 'd', severity: 'warning', source: { title: 't' }, messages: { bad: 'say GOOD' } },
    create: (context) => {
      trap.create?.();
      return {
        patch: () => trap.patch?.(context),
        file: (file) => {
          for (const l of file.view.segments.flat()) {
            trap.line?.(l.text);
            if (l.text === 'BAD')
              context.report({ messageKey: 'bad', file: file.path, line: l.line, suggestion: { line: l.line, endLine: l.line, text: 'GOOD' } });
          }
        },
      };
    },
  };
}

/** How the tester failed: its assertion's message, then the value it found (the failures, or what the rule threw). */
function failureOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    const { message, actual } = error as { message: string; actual?: unknown };
    return `${message}\n${JSON.stringify(actual)}`;
  }
  return 'the case passed';
}

const bad = { name: 'one bad line', diff: newFileDiff('a.c', 'ok\nBAD\n') };
const quiet = { name: 'nothing bad', diff: newFileDiff('a.c', 'ok\n') };

describe('the rule tester', () => {
  it('passes a rule that behaves, its fix checked by the engine', () => {
    expect(findingsOf(banBad(), quiet)).toEqual([]);
    expect(findingsOf(banBad(), bad).map((f) => [f.line, f.suggestion?.text])).toEqual([[2, 'GOOD']]);
  });

  it('fails a case when the rule throws on the patch itself', () => {
    const rule = banBad({
      create: () => {
        throw new Error('boom in create');
      },
    });
    expect(failureOf(() => findingsOf(rule, quiet))).toMatch(/^nothing bad: rule failures the engine reported.*\n.*boom in create/);
  });

  it('fails a case when the rule throws on an earlier patch of the series', () => {
    const rule = banBad({
      patch: (context) => {
        if (context.patch.files.some((f) => f.newPath === null)) throw new Error('boom on a deletion');
      },
    });
    expect(failureOf(() => findingsOf(rule, { ...quiet, earlier: [deletedFileDiff('b.c', 'gone\n')] }))).toMatch(
      /^rule failures on earlier patch 1 .*\n.*boom on a deletion/,
    );
  });

  it('fails a case when the rule throws while the engine checks its fix, which only withholds the fix', () => {
    const rule = banBad({
      line: (text) => {
        if (text === 'GOOD') throw new Error('boom on the fixed text');
      },
    });
    expect(failureOf(() => findingsOf(rule, bad))).toMatch(/^one bad line: what the rule threw.*\n.*test\/ban-bad threw in file: boom on the fixed text/);
  });
});
