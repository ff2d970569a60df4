import rule from '../../../rules/c/comment-width.js';
import type { OptInSettings, ReviewSettings } from '../../../src/engine/types.js';
import { hunkDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';

const everywhere: ReviewSettings = { optIn: { everywhere: ['c/comment-width'], profiles: {}, sections: [] } };
const qmpProfile: OptInSettings = {
  everywhere: [],
  profiles: { QMP: ['c/comment-width'] },
  sections: [{ name: 'QMP', files: ['monitor/qmp*', 'monitor/monitor.c'], excluded: [] }],
};

/** A hunk of `path` adding `added` after two lines of code. */
const patch = (path: string, ...added: string[]) => hunkDiff(path, [{ start: 40, lines: [' static int x;', ' ', ...added.map((l) => `+${l}`), ' int y;'] }]);

// 76 columns of comment that a space before column 70 can break.
const WIDE = '    /* Dispatch the command only once the monitor has finished its setup. */';
const AT_70 = '/* Sixty-eight characters of comment text is what this line holds. */';

testRule(rule, {
  valid: [
    { name: 'nothing turned the rule on', diff: patch('monitor/qmp.c', WIDE) },
    { name: 'a profile of another section', diff: patch('util/cutils.c', WIDE), settings: { optIn: qmpProfile } },
    { name: 'a line of exactly 70 columns', diff: patch('monitor/qmp.c', AT_70), settings: everywhere },
    {
      name: 'a lone long URL cannot be wrapped',
      diff: patch('monitor/qmp.c', ' * https://gitlab.com/qemu-project/qemu/-/issues/1234567890/comments/abcdefgh', ' */'),
      settings: everywhere,
    },
    {
      name: 'code with a comment after it is bound by the code',
      diff: patch('monitor/qmp.c', '    int monitor_is_running_with_a_long_name = 0; /* set by the setup code */'),
      settings: everywhere,
    },
    {
      name: 'a continued multiplication is no comment',
      diff: patch(
        'monitor/qmp.c',
        '    return first_factor_with_a_rather_long_name_indeed + second_factor_name',
        '           * third_factor_that_makes_this_line_wider_than_seventy_columns;',
      ),
      settings: everywhere,
    },
    {
      name: 'a copyright line is legal text',
      diff: patch('monitor/qmp.c', ' * Copyright (c) 2023, NVIDIA CORPORATION & AFFILIATES. All rights reserved'),
      settings: everywhere,
    },
    { name: 'not C', diff: patch('docs/devel/qapi-code-gen.rst', WIDE), settings: everywhere },
  ],
  invalid: [
    {
      name: 'turned on for the run',
      diff: patch('monitor/qmp.c', WIDE),
      settings: everywhere,
      findings: [{ line: 42, column: 71, message: 'comment line is 76 columns; this run wraps comments at 70' }],
    },
    {
      name: "the QMP maintainers' profile covers monitor/qmp-cmds.c",
      diff: patch('monitor/qmp-cmds.c', WIDE),
      settings: { optIn: qmpProfile },
      findings: [{ line: 42, message: "the QMP maintainers' style wraps comments at 70" }],
    },
    {
      name: 'a hunk that starts inside a block comment, closed before any code',
      diff: hunkDiff('monitor/qmp.c', [
        {
          start: 10,
          lines: [
            ' * The monitor lock protects the fields below.',
            '+ * Commands queued while the monitor is suspended wait here until it resumes.',
            ' */',
            ' int y;',
          ],
        },
      ]),
      settings: everywhere,
      findings: [{ line: 11 }],
    },
    {
      name: '// comments and a multi-line block',
      diff: patch(
        'monitor/qmp.c',
        '    // Dispatch the command only once the monitor has finished all of its setup.',
        '/*',
        ' * Every line of this comment block is checked on its own; this one is too wide.',
        ' */',
      ),
      settings: everywhere,
      findings: [{ line: 42 }, { line: 44 }],
    },
  ],
});
