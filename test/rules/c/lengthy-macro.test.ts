import rule from '../../../rules/c/lengthy-macro.js';
import { hunkDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';

const CONTAINS = [
  '+#define LIST_CONTAINS(list, el)                                    \\',
  '+    ({                                                              \\',
  '+        bool _found = false;                                        \\',
  '+        typeof(list) _tail;                                         \\',
  '+        for (_tail = list; _tail != NULL; _tail = _tail->next) {    \\',
  '+            if (_tail->value == el) {                               \\',
  '+                _found = true;                                      \\',
  '+                break;                                              \\',
  '+            }                                                       \\',
  '+        }                                                           \\',
  '+        _found;                                                     \\',
  '+    })',
];

const header = (...macro: string[]) => hunkDiff('include/qapi/util.h', [{ start: 70, lines: [' #define OTHER 1', ' ', ...macro, ' ', ' #endif'] }]);

const use = (...calls: string[]) =>
  hunkDiff('migration/options.c', [
    {
      start: 263,
      lines: [
        ' }',
        ' ',
        '+bool migrate_has_tap(void)',
        '+{',
        '+    MigrationState *s = migrate_get_current();',
        '+',
        ...calls.map((c) => `+    ${c}`),
        '+}',
        ' ',
      ],
    },
  ]);

testRule(rule, {
  valid: [
    { name: 'a lengthy macro with two uses', diff: header(...CONTAINS) + use('x = LIST_CONTAINS(s->a, 1);', 'return LIST_CONTAINS(s->b, 2);') },
    { name: 'a short macro with one use', diff: header('+#define TWICE(x) ((x) * 2)') + use('return TWICE(1);') },
    {
      name: 'a long expression macro without statements',
      diff:
        header('+#define SUM(a, b, c, d, e) \\', '+    ((a) +     \\', '+     (b) +     \\', '+     (c) +     \\', '+     (d) +     \\', '+     (e))') +
        use('return SUM(1, 2, 3, 4, 5);'),
    },
    {
      name: 'a macro the patch only moves',
      diff: header(...CONTAINS) + hunkDiff('migration/options.c', [{ start: 20, lines: [' #include "x.h"', ...CONTAINS.map((l) => '-' + l.slice(1)), ' '] }]),
    },
    {
      name: 'an object-like macro',
      diff: header('+#define TABLE \\', '+    { 1, 2, 3, \\', '+      4, 5, 6, \\', '+      7, 8, 9, \\', '+      10, 11; \\', '+      12; }'),
    },
  ],
  invalid: [
    {
      name: 'the seed review: a lengthy macro with a single use',
      diff: header(...CONTAINS) + use('return LIST_CONTAINS(s->parameters.backend_transfer, 1);'),
      findings: [
        {
          line: 72,
          endLine: 83,
          column: 9,
          file: 'include/qapi/util.h',
          message: 'new 12-line macro LIST_CONTAINS has a single use in this patch (migrate_has_tap(), migration/options.c:269); open-code it there',
        },
      ],
    },
    {
      name: 'a lengthy do-while macro with no use at all',
      diff: header(
        '+#define RESET(s) do {  \\',
        '+    (s)->a = 0;         \\',
        '+    (s)->b = 0;         \\',
        '+    (s)->c = 0;         \\',
        '+    (s)->d = 0;         \\',
        '+} while (0)',
      ),
      findings: [{ line: 72, message: 'new 6-line macro RESET has no use in this patch' }],
    },
  ],
});
