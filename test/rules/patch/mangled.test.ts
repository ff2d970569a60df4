import rule from '../../../rules/patch/mangled.js';
import { hunkDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';

const diff = hunkDiff('a.c', [{ start: 1, lines: [' int x;', '-int y;', '+int z;'] }]);

testRule(rule, {
  valid: [{ name: 'a mail sent as is', diff }],
  invalid: [{ name: 'a format=flowed mail', diff, flowed: true, findings: [{ line: 1, file: '/COMMIT_MSG', message: 'format=flowed' }] }],
});
