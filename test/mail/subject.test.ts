import { describe, it, expect } from 'vitest';
import { parseSubject } from '../../src/mail/subject.js';

describe('parseSubject: patch tags', () => {
  it('reads version and counter: [PATCH v6 16/19]', () => {
    const s = parseSubject('[PATCH v6 16/19] qapi: add interface for backend-transfer virtio-net/tap migration');
    expect(s).toMatchObject({
      isReply: false,
      isPatch: true,
      rfc: false,
      resend: false,
      version: 6,
      counter: { index: 16, total: 19 },
      tags: ['PATCH v6 16/19'],
      title: 'qapi: add interface for backend-transfer virtio-net/tap migration',
    });
  });

  it('reads RFC with a cover letter counter: [RFC PATCH v2 0/3]', () => {
    expect(parseSubject('[RFC PATCH v2 0/3] hw: rework')).toMatchObject({
      isPatch: true,
      rfc: true,
      version: 2,
      counter: { index: 0, total: 3 },
      title: 'hw: rework',
    });
  });

  it('reads a version glued to PATCH, and an upper-case V', () => {
    expect(parseSubject('[PATCHv2] x: y')).toMatchObject({ isPatch: true, version: 2, title: 'x: y' });
    expect(parseSubject('[PATCH V3] x: y')).toMatchObject({ isPatch: true, version: 3 });
    expect(parseSubject('[patch v4] x: y')).toMatchObject({ isPatch: true, version: 4 });
  });

  it('reads counters with leading zeros', () => {
    expect(parseSubject('[PATCH v2 01/10] a: b').counter).toEqual({ index: 1, total: 10 });
  });

  it('defaults to version 1 and no counter', () => {
    const s = parseSubject('[PATCH] a: b');
    expect(s.version).toBe(1);
    expect(s.counter).toBeUndefined();
  });

  it('reads RESEND inside the tag or in a bracket of its own', () => {
    expect(parseSubject('[PATCH RESEND] vl: only display available accelerators')).toMatchObject({
      isPatch: true,
      resend: true,
      title: 'vl: only display available accelerators',
    });
    expect(parseSubject('[RESEND PATCH v2 3/4] a: b')).toMatchObject({ resend: true, version: 2 });
    expect(parseSubject('[RESEND] [PATCH] a: b')).toMatchObject({ resend: true, isPatch: true });
  });

  it('keeps other words of the patch tag as extra prefixes', () => {
    expect(parseSubject('[PATCH for-10.2 v3 2/5] a: b')).toMatchObject({
      version: 3,
      counter: { index: 2, total: 5 },
      extraPrefixes: ['for-10.2'],
    });
    expect(parseSubject('[qemu-web PATCH] Add a blog post')).toMatchObject({
      isPatch: true,
      extraPrefixes: ['qemu-web'],
      title: 'Add a blog post',
    });
    expect(parseSubject('[python PATCH] event-test.py: x')).toMatchObject({ isPatch: true, extraPrefixes: ['python'] });
    expect(parseSubject('[PATCH-for-9.1 v2 1/3] a: b')).toMatchObject({
      isPatch: true,
      version: 2,
      counter: { index: 1, total: 3 },
      extraPrefixes: ['for-9.1'],
    });
  });

  it('treats a PULL tag as a pull request, not a patch, but reads its counter', () => {
    expect(parseSubject('[PULL 03/28] migration: x')).toMatchObject({
      isPatch: false,
      pull: true,
      counter: { index: 3, total: 28 },
      title: 'migration: x',
    });
  });
});

describe('parseSubject: list tags and replies', () => {
  it('strips list tags before the patch tag', () => {
    expect(parseSubject('[Qemu-devel] [PATCH] quorum: Only compile when supported')).toMatchObject({
      tags: ['Qemu-devel', 'PATCH'],
      isPatch: true,
      title: 'quorum: Only compile when supported',
    });
  });

  it('handles adjacent brackets and a slash in a list tag', () => {
    expect(parseSubject('[edk2] [staging/HTTPS-TLS][PATCH 1/2] Readme.MD: Clarify the feature support scope')).toMatchObject({
      tags: ['edk2', 'staging/HTTPS-TLS', 'PATCH 1/2'],
      isPatch: true,
      counter: { index: 1, total: 2 },
      extraPrefixes: [],
      title: 'Readme.MD: Clarify the feature support scope',
    });
  });

  it('recognises reply and forward markers in any case and repeated', () => {
    for (const subject of ['Re: x', 'RE: x', 'Re: Re: x', 'Aw: x', 'AW: x', 'Fwd: x', 'Fw: x', 'FW: x', 'Re[2]: x', 'Re : x']) {
      const s = parseSubject(subject);
      expect(s.isReply, subject).toBe(true);
      expect(s.title, subject).toBe('x');
    }
  });

  it('reads the patch tag behind a reply marker and a list tag, in either order', () => {
    for (const subject of ['Re: [Qemu-devel] [PATCH v4 0/2] Report info', '[Qemu-devel] Re: [PATCH v4 0/2] Report info']) {
      expect(parseSubject(subject), subject).toMatchObject({
        isReply: true,
        isPatch: true,
        version: 4,
        counter: { index: 0, total: 2 },
        title: 'Report info',
      });
    }
  });

  it('unfolds folded whitespace', () => {
    const s = parseSubject('Re: [Qemu-devel] [PATCH v4 0/2] Report format specific info for\r\n LUKS block driver');
    expect(s.title).toBe('Report format specific info for LUKS block driver');
    expect(s.raw).toContain('\r\n');
    expect(parseSubject('[libvirt]  [PATCH v2]\tvcpupin: add clear feature').title).toBe('vcpupin: add clear feature');
  });

  it('parses a subject without brackets as a non-patch', () => {
    expect(parseSubject('hw/foo: plain subject')).toMatchObject({
      isReply: false,
      isPatch: false,
      tags: [],
      version: 1,
      title: 'hw/foo: plain subject',
    });
  });

  it('does not take a subsystem prefix for a reply marker', () => {
    expect(parseSubject('[PATCH] tr: fix').title).toBe('tr: fix');
    expect(parseSubject('Revert "hw: foo"').isReply).toBe(false);
    expect(parseSubject('Regression: x').isReply).toBe(false);
  });

  it('does not count a bracket without PATCH or RFC as a patch tag', () => {
    expect(parseSubject('[Qemu-devel] [GIT] something')).toMatchObject({ isPatch: false, title: 'something' });
    expect(parseSubject('[PATCHES] x').isPatch).toBe(false);
  });

  it('copes with an empty subject and an unclosed bracket', () => {
    expect(parseSubject('')).toMatchObject({ raw: '', title: '', isPatch: false, tags: [] });
    expect(parseSubject('[PATCH v2 a: b').title).toBe('[PATCH v2 a: b');
  });
});
