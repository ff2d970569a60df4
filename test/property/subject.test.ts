/**
 * The subject parser on random subjects: anything parses without throwing, and subjects built
 * from known parts (reply markers, list tags, a patch tag, a title) give those parts back.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSubject } from '../../src/mail/subject.js';

const RUNS = { numRuns: 300 };

/** A title as git writes it: words, no leading tag or reply marker of its own. */
const title = fc
  .array(fc.stringMatching(/^[a-z0-9_/.:()-]{1,10}$/), { minLength: 1, maxLength: 8 })
  .map((words) => words.join(' '))
  .filter((t) => !/^(re|aw|sv|antw|odp|fwd?|wg)\s*(\[\d+\])?\s*:/i.test(t) && !t.startsWith('['));

interface Tag {
  rfc: boolean;
  resend: boolean;
  version: number | undefined;
  counter: { index: number; total: number; pad: boolean } | undefined;
  prefix: string | undefined;
}

const patchTag: fc.Arbitrary<Tag> = fc.record({
  rfc: fc.boolean(),
  resend: fc.boolean(),
  version: fc.option(fc.integer({ min: 2, max: 99 }), { nil: undefined }),
  counter: fc.option(
    fc.integer({ min: 1, max: 30 }).chain((total) => fc.record({ index: fc.integer({ min: 0, max: total }), total: fc.constant(total), pad: fc.boolean() })),
    { nil: undefined },
  ),
  prefix: fc.option(fc.constantFrom('for-10.2', 'qemu-web', 'python', 'kvm-unit-tests'), { nil: undefined }),
});

function renderTag(tag: Tag): string {
  const words: string[] = [];
  if (tag.rfc) words.push('RFC');
  words.push('PATCH');
  if (tag.prefix) words.push(tag.prefix);
  if (tag.resend) words.push('RESEND');
  if (tag.version !== undefined) words.push(`v${tag.version}`);
  if (tag.counter) {
    const width = tag.counter.pad ? String(tag.counter.total).length : 1;
    words.push(`${String(tag.counter.index).padStart(width, '0')}/${tag.counter.total}`);
  }
  return `[${words.join(' ')}]`;
}

describe('subject parser (property)', () => {
  it('parses any string without throwing, and keeps it as raw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (raw) => {
        const subject = parseSubject(raw);
        expect(subject.raw).toBe(raw);
        expect(subject.version).toBeGreaterThanOrEqual(0);
        expect(subject.tags.length).toBeLessThanOrEqual(raw.length);
      }),
      RUNS,
    );
  });

  it('gives back the parts a subject was built from', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.boolean(), patchTag, title, (replies, listTag, tag, text) => {
        const raw = `${'Re: '.repeat(replies)}${listTag ? '[Qemu-devel] ' : ''}${renderTag(tag)} ${text}`;
        const subject = parseSubject(raw);
        expect(subject.isReply).toBe(replies > 0);
        expect(subject.isPatch).toBe(true);
        expect(subject.rfc).toBe(tag.rfc);
        expect(subject.resend).toBe(tag.resend);
        expect(subject.version).toBe(tag.version ?? 1);
        expect(subject.counter).toEqual(tag.counter ? { index: tag.counter.index, total: tag.counter.total } : undefined);
        expect(subject.extraPrefixes).toEqual(tag.prefix ? [tag.prefix] : []);
        expect(subject.title).toBe(text.replace(/\s+/g, ' ').trim());
        expect(subject.tags).toEqual([...(listTag ? ['Qemu-devel'] : []), renderTag(tag).slice(1, -1)]);
      }),
      RUNS,
    );
  });

  it('reads folded subjects (CRLF and whitespace inside) like unfolded ones', () => {
    fc.assert(
      fc.property(patchTag, title, fc.constantFrom('\r\n ', '\n\t', '  '), (tag, text, fold) => {
        const plain = parseSubject(`${renderTag(tag)} ${text}`);
        const folded = parseSubject(`${renderTag(tag)}${fold}${text}`);
        expect({ ...folded, raw: '' }).toEqual({ ...plain, raw: '' });
      }),
      RUNS,
    );
  });
});
