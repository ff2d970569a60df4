import rule from '../../../rules/patch/corrupt.js';
import { hunkDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';

testRule(rule, {
  valid: [{ name: 'well-formed hunks', diff: hunkDiff('a.c', [{ start: 1, lines: [' int x;', '-int y;', '+int z;'] }]) }],
  invalid: [
    {
      name: 'a line wrapped by the mailer',
      diff: 'diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -4,2 +4,2 @@\n int x;\n-int y = f(a,\nb);\n+int y;\n',
      findings: [{ line: 4, file: 'a.c', message: 'hunk "@@ -4,2 +4,2 @@" is corrupt: line 3 of the hunk starts with neither' }],
    },
    {
      name: 'counts larger than the hunk',
      diff: 'diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1,5 +1,5 @@\n int x;\n-int y;\n+int z;\n',
      findings: [{ line: 1, message: 'runs into the mail signature' }],
    },
  ],
});
