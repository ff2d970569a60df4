import { describe, expect, it } from 'vitest';
import rule from '../../../rules/c/single-use-macro.js';
import { hunkDiff, newFileDiff } from '../../support/patches.js';
import { testRule } from '../../support/rule-tester.js';
import { patchBody, reviewAll, type MailSpec } from '../../support/series-mails.js';

const header = (...lines: string[]) =>
  newFileDiff('include/hw/acpi/gi.h', ['#ifndef GI_H', '#define GI_H', '', '#define TYPE_GI "acpi-generic-initiator"', ...lines, '', '#endif', ''].join('\n'));
const source = (...lines: string[]) =>
  hunkDiff('hw/acpi/gi.c', [{ start: 70, lines: [' static void gi_init(Object *obj)', ' {', ...lines.map((l) => `+    ${l}`), ' }'] }]);

testRule(rule, {
  valid: [
    {
      name: 'two uses',
      diff: header('#define GI_PCI_DEV_PROP "pci-dev"') + source('add("GI_PCI_DEV_PROP");', 'set(GI_PCI_DEV_PROP);', 'get(GI_PCI_DEV_PROP);'),
    },
    { name: 'a named number is documentation, not a rename', diff: header('#define GI_MAX_NODES 16') + source('n = GI_MAX_NODES;') },
    { name: 'a QOM type name is used through macro pasting', diff: header() + source('object_new(TYPE_GI);') },
    { name: 'an include guard', diff: newFileDiff('include/x.h', '#ifndef X_H\n#define X_H\n#endif\n') },
    { name: 'no use at all in a lone patch: maybe for later, cannot tell', diff: header('#define GI_PCI_DEV_PROP "pci-dev"') },
    { name: 'a function-like macro is another rule', diff: header('#define GI_PROP(x) "pci-" x') + source('p = GI_PROP("dev");') },
    { name: 'a truth value names a default, like a number', diff: header('#define GI_DEFAULT_ON true') + source('s->on = GI_DEFAULT_ON;') },
    {
      name: 'the parameter of a file included after it, then undefined',
      diff: newFileDiff('include/exec/gen.h', ['#define HELPER_H "helper.h"', '#include "exec/gen.h.inc"', '#undef  HELPER_H', ''].join('\n')),
    },
    {
      name: 'a default the build may override: the preprocessor tests it',
      diff:
        hunkDiff('include/hw/acpi/gi.h', [{ start: 4, lines: [' #ifndef GI_PCI_DEV_PROP', '+#define GI_PCI_DEV_PROP "pci-dev"', ' #endif'] }]) +
        source('set(GI_PCI_DEV_PROP);'),
    },
    {
      name: 'used in another macro, which may be used anywhere',
      diff: header('#define GI_SUFFIX "-ops"', '#define TYPE_GI_OPS "gi" GI_SUFFIX'),
    },
    {
      name: "used on another macro's continuation line",
      diff: header('#define KDUMP_SIGNATURE "KDUMP   "', '#define SIG_CHECK(h) \\', '    (memcmp((h), KDUMP_SIGNATURE, 8) == 0)'),
    },
    {
      name: 'a new member of a family of names the file already has',
      diff:
        hunkDiff('include/hw/i386/pc.h', [
          {
            start: 66,
            lines: [
              ' #define PC_MACHINE_PIT              "pit"',
              '+#define PC_MACHINE_I8042            "i8042"',
              ' #define PC_MACHINE_MAX_FW_SIZE      "max-fw-size"',
            ],
          },
        ]) + source('object_class_property_add_bool(oc, PC_MACHINE_I8042, get, set);'),
    },
    {
      name: 'a macro the patch changes, not adds',
      diff: hunkDiff('hw/acpi/gi.c', [{ start: 3, lines: ['-#define GI_PROP "pci"', '+#define GI_PROP "pci-dev"', ' int x;'] }]) + source('p = GI_PROP;'),
    },
  ],
  invalid: [
    {
      name: 'the review: a macro standing for a string, used once',
      diff: header('#define GI_PCI_DEV_PROP "pci-dev"') + source('object_property_add_str(obj, GI_PCI_DEV_PROP, NULL, set);'),
      findings: [
        {
          line: 5,
          column: 9,
          file: 'include/hw/acpi/gi.h',
          message: 'new macro GI_PCI_DEV_PROP has a single use in this patch (hw/acpi/gi.c:72); write "pci-dev" there instead',
        },
      ],
    },
    {
      name: 'a new family: its siblings are new too (the review)',
      diff: header('#define GI_PCI_DEV_PROP "pci-dev"', '#define GI_PCI_NODE_PROP "node"') + source('set(GI_PCI_DEV_PROP);', 'set(GI_PCI_NODE_PROP);'),
      findings: [
        { line: 5, message: 'new macro GI_PCI_DEV_PROP has a single use' },
        { line: 6, message: 'new macro GI_PCI_NODE_PROP has a single use' },
      ],
    },
    {
      name: 'beside an unchanged macro of another family, or of another kind',
      diff:
        hunkDiff('include/hw/acpi/gi.h', [
          { start: 4, lines: [' #define GI_MAX_NODES 16', ' #define ACPI_GI_NAME "gi"', '+#define GI_PCI_DEV_PROP "pci-dev"'] },
        ]) + source('set(GI_PCI_DEV_PROP);'),
      findings: [{ line: 6, message: 'new macro GI_PCI_DEV_PROP has a single use' }],
    },
    {
      name: 'a mention in a comment is no use',
      diff: header('#define GI_PCI_DEV_PROP "pci-dev"') + source('/* GI_PCI_DEV_PROP names the device */', 'set(GI_PCI_DEV_PROP);'),
      findings: [{ line: 5, message: 'has a single use in this patch (hw/acpi/gi.c:73)' }],
    },
    {
      name: 'a macro standing for a name',
      diff: hunkDiff('util/pagesize.c', [
        { start: 3, lines: [' #include "x.h"', '+#define PAGE_SIZE qemu_real_host_page_size()', ' ', '+int n = len / PAGE_SIZE;'] },
      ]),
      findings: [{ line: 4, message: 'write qemu_real_host_page_size() there instead' }],
    },
  ],
});

/** A series of `n` patches: patch i adds the given lines to hw/acpi/gi.c. */
function series(patches: string[][], total = patches.length): MailSpec[] {
  return patches.map((lines, i) => ({
    id: `p${i + 1}@example.org`,
    subject: `[PATCH ${i + 1}/${total}] acpi: step ${i + 1}`,
    ...(i > 0 ? { inReplyTo: 'p1@example.org', references: ['p1@example.org'] } : {}),
    body: patchBody(`Step ${i + 1}.`, hunkDiff('hw/acpi/gi.c', [{ start: 10 * (i + 1), lines: [' int a;', ...lines.map((l) => `+${l}`), ' int b;'] }])),
  }));
}

const found = async (specs: MailSpec[]) => (await reviewAll(specs, [rule])).map((r) => r.findings.map((f) => `${r.index + 1}:${f.line}: ${f.message}`));

describe('c/single-use-macro across a series', () => {
  it('waits for the series: one use in a later patch is reported on the definition, once the series is whole', async () => {
    const result = await found(series([['#define GI_PROP "pci-dev"'], ['int z;'], ['p = GI_PROP;']]));
    expect(result).toEqual([['1:11: new macro GI_PROP has a single use in the series, in a later patch; write "pci-dev" there instead'], [], []]);
  });

  it('stays quiet when a later patch uses it again, or the series is not whole in the input', async () => {
    expect((await found(series([['#define GI_PROP "pci-dev"', 'p = GI_PROP;'], ['q = GI_PROP;']]))).flat()).toEqual([]);
    expect((await found(series([['#define GI_PROP "pci-dev"'], ['p = GI_PROP;'], ['q = GI_PROP;']]))).flat()).toEqual([]);
    // A later patch uses it inside a macro, or undefines it: how often it is used is unknown.
    expect((await found(series([['#define GI_PROP "pci-dev"'], ['#define GI_NAME(x) x GI_PROP']]))).flat()).toEqual([]);
    expect(
      (
        await found(
          series([
            ['#define GI_PROP "pci-dev"', 'p = GI_PROP;'],
            ['#define GI_X 1 \\', '    + GI_PROP'],
          ]),
        )
      ).flat(),
    ).toEqual([]);
    expect((await found(series([['#define GI_PROP "pci-dev"', 'p = GI_PROP;'], ['#undef GI_PROP']]))).flat()).toEqual([]);
    // Patch 3/3 is missing: its uses are unknown.
    expect((await found(series([['#define GI_PROP "pci-dev"', 'p = GI_PROP;'], ['int z;']], 3))).flat()).toEqual([]);
  });

  it('keeps the results in input order, a use in the same patch named', async () => {
    const results = await reviewAll(series([['#define GI_PROP "pci-dev"', 'p = GI_PROP;'], ['int z;']]), [rule]);
    expect(results.map((r) => r.index)).toEqual([0, 1]);
    expect(results[0]!.findings.map((f) => f.message)).toEqual([
      'new macro GI_PROP has a single use in the series (hw/acpi/gi.c:12); write "pci-dev" there instead',
    ]);
  });
});
