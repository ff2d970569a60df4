/** The fast path decodes headers with the libmime instance MailParser would make. */
import libmime from 'libmime';
import { MailParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { headerLibmime } from '../../src/mail/fast-parse.js';

describe("the fast path's header decoder", () => {
  it('is a libmime.Libmime configured as MailParser configures its own', () => {
    const theirs = (new MailParser() as unknown as { libmime: { config: unknown } }).libmime;
    expect(headerLibmime).toBeInstanceOf(libmime.Libmime);
    expect(Object.getPrototypeOf(headerLibmime)).toBe(Object.getPrototypeOf(theirs));
    expect((headerLibmime as unknown as { config: unknown }).config).toEqual(theirs.config);
  });

  it("decodes encoded words in any charset as MailParser's does", () => {
    const theirs = (new MailParser() as unknown as { libmime: typeof headerLibmime }).libmime;
    for (const words of ['=?ISO-8859-1?Q?Andr=E9?= Pirard', '=?UTF-8?B?Wm/DqyDDnG5pY29kZQ==?=', '=?GBK?B?1tDOxA==?=', '=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=']) {
      expect(headerLibmime.decodeWords(words)).toBe(theirs.decodeWords(words));
    }
  });
});
