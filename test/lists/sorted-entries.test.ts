import { describe, expect, it } from 'vitest';
import { entryRuns, qemuOrder } from '../../src/lists/sorted-entries.js';
import { viewOfText } from '../../src/patch/view.js';

describe('the order of QEMU sorted lists', () => {
  it.each([
    // A name and its variants: either order ('block', 'block-core', but 'machine-common', 'machine').
    ['block', 'block-core', 0],
    ['machine-common', 'machine', 0],
    ['secret', 'secret_keyring', 0],
    ['secret_keyring', 'sev-guest', -1],
    ['YankInstanceType', 'blockdev-reopen', -1], // pragma lists: byte order, capitals first
    ['x-remote-object', 'x-vfio-user-server', -1],
    ['qcow', 'qcow2', -1],
    // File names sorted by bytes in some lists and by stem in others: no order between these.
    ['qed-cluster.c', 'qed.c', 0],
    ['qcow2.c', 'qcow2-cluster.c', 0],
    ['hub.c', 'net.c', -1],
  ])('%s, %s', (a, b, expected) => {
    expect(Math.sign(qemuOrder(a, b))).toBe(expected);
    expect(Math.sign(qemuOrder(b, a))).toBe(-expected || 0);
  });
});

describe('list entries', () => {
  it('values, conditional values with their continuation lines, branches; a nested list opener ends a run', () => {
    const view = viewOfText(
      'qapi/qom.json',
      [
        "{ 'enum': 'ObjectType',",
        "  'data': [",
        "    'authz-pam',",
        "    { 'name': 'can-host-socketcan',",
        "      'if': 'CONFIG_LINUX' },",
        "    'colo-compare' ] }",
        "{ 'union': 'U',",
        "  'data': {",
        "      'can-host-socketcan':         { 'type': 'CanHostSocketcanProperties',",
        "                                      'if': 'CONFIG_LINUX' },",
        "      '*opt': 'str' } }",
      ].join('\n') + '\n',
    );
    const runs = entryRuns(view, () => true).map((r) => r.map((e) => `${e.name}@${e.line}-${e.endLine}:${e.form}${e.branchLike ? '+branch' : ''}`));
    expect(runs).toEqual([
      ['authz-pam@3-3:value', 'can-host-socketcan@4-5:value', 'colo-compare@6-6:value'],
      ['can-host-socketcan@9-10:member+branch', 'opt@11-11:member'],
    ]);
  });
});
