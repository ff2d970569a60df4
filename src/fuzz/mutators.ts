/**
 * Ways real mails get damaged, on their way through mailers and archives or on purpose: cut
 * short, bytes flipped, NULs, a 10 MB line, multiparts nested thousands deep, broken base64 and
 * quoted-printable, hunk counts that lie, enormous headers. Each takes a mail's bytes and
 * returns new bytes; they work on bytes so that invalid UTF-8 stays invalid.
 */
import type { Random } from '../bench/random.js';

export interface Mutator {
  name: string;
  apply(mail: Buffer, random: Random): Buffer;
}

const MB = 1024 * 1024;

/** Header block and body of a mail (split at the first empty line), as latin-1 strings. */
function split(mail: Buffer): { head: string; body: string; eol: string } {
  const text = mail.toString('latin1');
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return { head: text.replace(/\r?\n$/, ''), body: '', eol: '\n' };
  return { head: text.slice(0, m.index), body: text.slice(m.index + m[0].length), eol: m[0].startsWith('\r') ? '\r\n' : '\n' };
}

function join(head: string, body: string, eol = '\n'): Buffer {
  return Buffer.from(`${head}${eol}${eol}${body}`, 'latin1');
}

/** Drops the MIME headers that say how the body is encoded, so that new ones can be set. */
function withoutMimeHeaders(head: string): string {
  return head.replace(/^(content-type|content-transfer-encoding|mime-version):.*(\r?\n[ \t].*)*(\r?\n|$)/gim, '').replace(/\r?\n$/, '');
}

function randomPosition(random: Random, length: number): number {
  return random.int(0, Math.max(0, length));
}

/** A position at the start of a line (after a LF), or 0. */
function lineStart(random: Random, bytes: Buffer): number {
  const at = randomPosition(random, bytes.length - 1);
  const lf = bytes.indexOf(0x0a, at);
  return lf < 0 ? 0 : lf + 1;
}

/** `text` with one more new-side line in its last hunk header; '' when it has none. */
function countAddedLine(text: string): string {
  const headers = [...text.matchAll(/^@@ -(\d+(?:,\d+)?) \+(\d+)(?:,(\d+))? @@/gm)];
  const last = headers[headers.length - 1];
  if (!last) return '';
  const fixed = `@@ -${last[1]} +${last[2]},${Number(last[3] ?? 1) + 1} @@`;
  return text.slice(0, last.index) + fixed + text.slice(last.index + last[0].length);
}

export const MUTATORS: readonly Mutator[] = [
  {
    name: 'truncate',
    apply: (mail, random) => mail.subarray(0, randomPosition(random, mail.length)),
  },
  {
    name: 'flip-bytes',
    apply: (mail, random) => {
      const out = Buffer.from(mail);
      for (let n = random.int(1, 24); n > 0 && out.length > 0; n--) out[random.int(0, out.length - 1)] = random.int(0, 255);
      return out;
    },
  },
  {
    name: 'nul-bytes',
    apply: (mail, random) => {
      const at = randomPosition(random, mail.length);
      return Buffer.concat([mail.subarray(0, at), Buffer.alloc(random.int(1, 64)), mail.subarray(at)]);
    },
  },
  {
    name: 'huge-line',
    apply: (mail, random) => {
      const size = random.pick([MB, 4 * MB, 10 * MB]);
      const kind = random.pick(['diff', 'doc', 'plain', 'header', 'unterminated'] as const);
      if (kind === 'header') {
        const { head, body, eol } = split(mail);
        return join(`${head}${eol}X-Long: ${'h'.repeat(size)}`, body, eol);
      }
      if (kind === 'unterminated') return Buffer.concat([mail, Buffer.from('y'.repeat(size))]);
      const line = kind === 'diff' ? `+${'x'.repeat(size)}\n` : kind === 'doc' ? `+# ${'Word. '.repeat(size / 6)}\n` : `${'z '.repeat(size / 2)}\n`;
      // Inside a hunk when there is one, after its first line; a doc line after a member's
      // description in a schema's hunk, where the doc rules read it as prose.
      const member = kind === 'doc' ? /\n[+ ]# @[\w-]+:[^\n]*\n/.exec(mail.toString('latin1')) : null;
      const hunk = mail.indexOf('\n@@ ');
      const at = member ? member.index + member[0].length : kind !== 'plain' && hunk >= 0 ? mail.indexOf(0x0a, hunk + 1) + 1 : lineStart(random, mail);
      // The hunk gains a line: say so in its header, or the line is never linted (a corrupt hunk).
      const before = kind === 'plain' ? '' : countAddedLine(mail.subarray(0, at).toString('latin1'));
      const head = before === '' ? mail.subarray(0, at) : Buffer.from(before, 'latin1');
      return Buffer.concat([head, Buffer.from(line, 'latin1'), mail.subarray(at)]);
    },
  },
  {
    name: 'nested-multipart',
    apply: (mail, random) => {
      const { head, body, eol } = split(mail);
      const depth = random.pick([2, 30, 500, 3000]);
      let inner = `Content-Type: text/plain; charset=utf-8${eol}${eol}${body}`;
      for (let d = depth; d > 0; d--) {
        inner = `Content-Type: multipart/mixed; boundary="b${d}"${eol}${eol}--b${d}${eol}${inner}${eol}--b${d}--${eol}`;
      }
      return Buffer.from(`${withoutMimeHeaders(head)}${eol}MIME-Version: 1.0${eol}${inner}`, 'latin1');
    },
  },
  {
    name: 'broken-base64',
    apply: (mail, random) => {
      const { head, body, eol } = split(mail);
      let b64 = Buffer.from(body, 'latin1')
        .toString('base64')
        .replace(/(.{76})/g, `$1${eol}`);
      const damage = random.pick(['pad-inside', 'drop', 'junk', 'cut']);
      const at = randomPosition(random, b64.length);
      if (damage === 'pad-inside') b64 = `${b64.slice(0, at)}==${b64.slice(at)}`;
      else if (damage === 'drop') b64 = b64.slice(0, at) + b64.slice(at + random.int(1, 3));
      else if (damage === 'junk') b64 = `${b64.slice(0, at)}!*\u00ff${b64.slice(at)}`;
      else b64 = b64.slice(0, at);
      return join(
        `${withoutMimeHeaders(head)}${eol}MIME-Version: 1.0${eol}Content-Type: text/plain; charset=utf-8${eol}Content-Transfer-Encoding: base64`,
        b64,
        eol,
      );
    },
  },
  {
    name: 'broken-quoted-printable',
    apply: (mail, random) => {
      const { head, body, eol } = split(mail);
      let qp = body.replace(/[=\x80-\xff]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
      const damage = random.pick(['lone-equals', 'bad-hex', 'soft-break-at-end', 'trailing-space']);
      const at = randomPosition(random, qp.length);
      if (damage === 'lone-equals') qp = `${qp.slice(0, at)}=${qp.slice(at)}`;
      else if (damage === 'bad-hex') qp = `${qp.slice(0, at)}=G1=z${qp.slice(at)}`;
      else if (damage === 'soft-break-at-end') qp = `${qp}=`;
      else qp = qp.replace(/\n/g, ' \t\n');
      return join(
        `${withoutMimeHeaders(head)}${eol}MIME-Version: 1.0${eol}Content-Type: text/plain; charset=utf-8${eol}Content-Transfer-Encoding: quoted-printable`,
        qp,
        eol,
      );
    },
  },
  {
    name: 'wrong-hunk-counts',
    apply: (mail, random) =>
      Buffer.from(
        mail.toString('latin1').replace(/^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@/gm, (_m, a: string, _b, c: string) => {
          const n = (): number => random.pick([0, 1, 2, 7, 1000, 99999999]);
          return `@@ -${a},${n()} +${c},${n()} @@`;
        }),
        'latin1',
      ),
  },
  {
    name: 'enormous-headers',
    apply: (mail, random) => {
      const { head, body, eol } = split(mail);
      const kind = random.pick(['long-value', 'many-lines', 'many-addresses', 'long-subject', 'deep-fold']);
      let extra: string;
      if (kind === 'long-value') extra = `X-Junk: ${'v'.repeat(random.pick([100_000, 2 * MB]))}`;
      else if (kind === 'many-lines') extra = Array.from({ length: random.pick([1000, 20_000]) }, (_v, i) => `X-Line-${i}: ${i}`).join(eol);
      else if (kind === 'many-addresses')
        extra = `Cc: ${Array.from({ length: random.pick([1000, 30_000]) }, (_v, i) => `=?utf-8?q?N=C3=A9_${i}?= <n${i}@example.org>`).join(`,${eol} `)}`;
      else if (kind === 'long-subject') extra = `Subject: [PATCH] ${'=?utf-8?b?w6k=?= '.repeat(random.pick([1000, 100_000]))}`;
      else extra = `X-Fold: a${`${eol} b`.repeat(random.pick([1000, 50_000]))}`;
      return join(`${extra}${eol}${head}`, body, eol);
    },
  },
  {
    name: 'odd-charset',
    apply: (mail, random) => {
      const { head, body, eol } = split(mail);
      const charset = random.pick(['utf-7', 'utf-16', 'iso-2022-jp', 'base64', 'x-unknown', '"', 'gb18030', 'shift_jis', 'utf-32le']);
      const params = random.pick(['', '; format=flowed', '; format=flowed; delsp=yes', '; boundary=x']);
      return join(`${withoutMimeHeaders(head)}${eol}MIME-Version: 1.0${eol}Content-Type: text/plain; charset=${charset}${params}`, body, eol);
    },
  },
  {
    name: 'line-ends',
    apply: (mail, random) => {
      const text = mail.toString('latin1');
      const kind = random.pick(['crlf', 'cr', 'mixed']);
      if (kind === 'crlf') return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'latin1');
      if (kind === 'cr') return Buffer.from(text.replace(/\r?\n/g, '\r'), 'latin1');
      return Buffer.from(
        text.replace(/\n/g, () => (random.chance(0.5) ? '\r\n' : '\n')),
        'latin1',
      );
    },
  },
  {
    name: 'no-header-end',
    apply: (mail) => Buffer.from(mail.toString('latin1').replace(/\r?\n\r?\n/, '\n'), 'latin1'),
  },
  {
    name: 'garbage-encoded-words',
    apply: (mail, random) => {
      const word = random.pick(['=?utf-8?b?////?=', '=?utf-8?q?=FF=FE?=', '=?x?q?a?=', '=?utf-8?b?', '=?=?=?', '=?utf-16?b?2D3eAA==?=']);
      return Buffer.from(mail.toString('latin1').replace(/^(Subject|From|To|Cc): /gim, `$1: ${word} `), 'latin1');
    },
  },
  {
    name: 'attachment-mix',
    apply: (mail, random) => {
      const { head, body, eol } = split(mail);
      const b = `att${random.int(0, 9999)}`;
      const parts = [
        `--${b}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'See the attached patch.',
        `--${b}`,
        'Content-Type: text/x-patch; name="fix.patch"',
        `Content-Transfer-Encoding: ${random.pick(['8bit', 'base64', 'quoted-printable'])}`,
        'Content-Disposition: attachment; filename="fix.patch"',
        '',
        body,
        `--${b}${random.chance(0.3) ? '' : '--'}`,
      ];
      return join(`${withoutMimeHeaders(head)}${eol}MIME-Version: 1.0${eol}Content-Type: multipart/mixed; boundary="${b}"`, parts.join(eol), eol);
    },
  },
];

/** Applies 1 to 3 mutators; returns the bytes and the names of what was done. */
export function mutate(mail: Buffer, random: Random): { bytes: Buffer; applied: string[] } {
  let bytes = mail;
  const applied: string[] = [];
  for (
    let n = random.weighted([
      [1, 5],
      [2, 3],
      [3, 1],
    ] as const);
    n > 0;
    n--
  ) {
    const m = random.pick(MUTATORS);
    // At most one mutation that blows the size up: a case stays within memory.
    if (
      (m.name === 'huge-line' || m.name === 'enormous-headers' || m.name === 'nested-multipart') &&
      applied.some((a) => a === 'huge-line' || a === 'enormous-headers' || a === 'nested-multipart')
    )
      continue;
    bytes = m.apply(bytes, random);
    applied.push(m.name);
  }
  return { bytes, applied };
}
