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

/** A do-while macro of 6 lines or more: `#define HEAD do {`, the statements given, three more, `} while (0)`. */
const lengthy = (head: string, ...statements: string[]) =>
  [`#define ${head} do {`, ...statements.map((l) => `    ${l}`), '    a = 0;', '    b = 0;', '    c = 0;', '} while (0)'].map(
    (l, i, all) => `+${l}${i < all.length - 1 ? ' \\' : ''}`,
  );

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
    {
      name: 'a single use inside another macro, itself used anywhere',
      diff: header(...CONTAINS, '+#define HAS_TAP(s) \\', '+    LIST_CONTAINS((s)->transfer, TAP)'),
    },
    {
      name: 'variable arguments, its one mention in a comment',
      diff: header('+/* Use CAP(s, 1, 2) for a short list. */', ...lengthy('CAP(s, ...)', 'uint64_t _a[] = { __VA_ARGS__ };')),
    },
    { name: 'unused, pasting tokens', diff: header(...lengthy('GEN(name)', 'gen_##name();')) },
    { name: 'unused, taking any type (typeof)', diff: header(...lengthy('SWAP(a, b)', 'typeof(a) _t = (a);')) },
    { name: 'unused, taking any number of arguments', diff: header(...lengthy('CAP(s, ...)', 'uint64_t _a[] = { __VA_ARGS__ };')) },
    {
      name: 'unused, taking an array (its size)',
      diff: header(...lengthy('SET_PROPS(dc, props)', 'size_t n_ = ARRAY_SIZE(props);', 'set_n((dc), (props), n_);')),
    },
    { name: 'unused, naming a member', diff: header(...lengthy('CLEAR(s, field)', '(s)->field = 0;')) },
    { name: "unused, naming its caller's place", diff: header(...lengthy('TRACE(s)', 'log(__func__, (s));')) },
    { name: 'unused, leaving its caller', diff: header(...lengthy('CHECK(x)', 'if (!(x)) return -EINVAL;')) },
    {
      name: 'unused, a loop header the statement after it completes',
      diff: header(
        '+#define WITH_LOCK(l) \\',
        '+    for (Lock *_l = lock(l); \\',
        '+         _l; \\',
        '+         unlock(_l), \\',
        '+         _l = NULL \\',
        '+        )',
      ),
    },
  ],
  invalid: [
    {
      name: 'unused: a mention in a comment is no use',
      diff: header('+/*', '+ * RESET(s) clears it.', '+ */', ...lengthy('RESET(s)', '(s)->x = 0;')),
      findings: [{ line: 75, message: 'new 6-line macro RESET has no use in this patch' }],
    },
    {
      name: 'a single use of a macro a function could replace',
      diff: header(...lengthy('RESET(s)', '(s)->x = 0;')) + use('RESET(s);'),
      findings: [{ line: 72, message: 'open-code it there, or make it a static inline function' }],
    },
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
