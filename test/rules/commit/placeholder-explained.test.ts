import rule from '../../../rules/commit/placeholder-explained.js';
import { hunkDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';

const check = (...added: string[]) =>
  hunkDiff('migration/options.c', [{ start: 1195, lines: ['     }', ...added.map((l) => `+${l}`), ' ', '     return true;'] }]);

const notImplemented = check('    if (params->has_backend_transfer) {', '        error_setg(errp, "Not implemented");', '        return false;', '    }');

testRule(rule, {
  valid: [
    {
      name: 'the v7 fix: the commit message explains the gap',
      diff: notImplemented,
      message: "The realization will come in a later commit: that's why we add a temporary not-implemented error.",
    },
    { name: 'a device logging an unimplemented guest feature', diff: check('    qemu_log_mask(LOG_UNIMP, "%s: not implemented\\n", __func__);') },
    { name: 'an ordinary error', diff: check('        error_setg(errp, "Invalid value");') },
    { name: 'a TODO comment: a note QEMU keeps, not a gap for a later patch', diff: check('    /* TODO: handle the other devices */') },
    {
      name: 'a message that says more describes a lasting limit',
      diff: check('        error_setg(errp, "Change to copy mode \'%s\' is not implemented", m);'),
    },
    { name: 'a debug print of an unhandled register', diff: check('        DPRINTF("not implemented write(l) addr=0x%x\\n", addr);') },
    {
      name: "a TODO section in a QAPI doc comment is the doc's business",
      diff: hunkDiff('qapi/x.json', [{ start: 5, lines: [' #', '+# TODO: fuse back', ' ##'] }]),
    },
  ],
  invalid: [
    {
      name: 'the seed review: "Not implemented" without a word in the commit message',
      diff: notImplemented,
      findings: [{ line: 1197, column: 26, message: 'the patch adds error "Not implemented", and its commit message does not say why' }],
    },
    {
      name: 'a bare "not yet implemented" in Python',
      diff: hunkDiff('scripts/qapi/gen.py', [
        { start: 10, lines: ['     def visit(self):', '+        raise NotImplementedError("Not yet implemented.")', ' '] },
      ]),
      findings: [{ line: 11, message: 'the patch adds error "Not yet implemented."' }],
    },
  ],
});
