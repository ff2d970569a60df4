import rule from '../../../rules/patch/unsafe-path.js';
import { hunkDiff, newFileDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';

testRule(rule, {
  valid: [{ name: 'paths inside the tree', diff: hunkDiff('hw/a.c', [{ start: 1, lines: ['-x', '+y'] }]) }],
  invalid: [
    {
      name: "a '..' component",
      diff: newFileDiff('../outside.c', 'int x;\n'),
      findings: [{ line: 1, message: "path '../outside.c' is a '..' component: the patch is refused" }],
    },
    { name: 'an absolute path', diff: hunkDiff('/etc/passwd', [{ start: 1, lines: ['-x', '+y'] }]), findings: [{ line: 1, message: 'an absolute path' }] },
  ],
});
