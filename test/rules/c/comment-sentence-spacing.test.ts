import rule from '../../../rules/c/comment-sentence-spacing.js';
import type { ReviewSettings } from '../../../src/engine/types.js';
import { hunkDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';

const everywhere: ReviewSettings = { optIn: { everywhere: ['c/comment-sentence-spacing'], profiles: {}, sections: [] } };

const patch = (...added: string[]) => hunkDiff('monitor/qmp.c', [{ start: 40, lines: [' static int x;', ...added.map((l) => `+${l}`), ' int y;'] }]);

testRule(rule, {
  valid: [
    { name: 'nothing turned the rule on', diff: patch('/* Runs once. Then it stops. */') },
    { name: 'two spaces already', diff: patch('/* Runs once.  Then it stops. */'), settings: everywhere },
    {
      name: 'abbreviations and code are no sentence ends',
      diff: patch('/* See e.g. Foo, and call qmp_dispatch() on obj.Member first */'),
      settings: everywhere,
    },
    { name: 'a string in code is no comment', diff: patch('    error_setg(errp, "Runs once. Then it stops.");'), settings: everywhere },
  ],
  invalid: [
    {
      name: 'one space, twice on a line: one finding with the fix of both',
      diff: patch('/* Runs once. Then it stops. Nothing else. */'),
      settings: everywhere,
      findings: [
        {
          line: 41,
          column: 14,
          message: 'one space after "once."; this run separates sentences with two spaces',
          suggestion: '/* Runs once.  Then it stops.  Nothing else. */',
        },
      ],
      output: ['static int x;', '/* Runs once.  Then it stops.  Nothing else. */', 'int y;'].join('\n'),
      fixedPath: 'monitor/fixed.c',
    },
  ],
});
