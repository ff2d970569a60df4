/**
 * The MIME structure of a mail as declared by its headers: types, parameters and raw bodies of
 * every part. mailparser decodes the text but does not say which part it came from or how that
 * part was labelled (it un-flows format=flowed silently), so the labels are read here.
 * Only headers and boundaries are interpreted; nothing is decoded.
 */

export interface MimePart {
  /** Lower-cased `type/subtype`; `text/plain` when the header is absent (RFC 2045's default). */
  type: string;
  /** Content-Type parameters, names lower-cased, values unquoted. */
  params: Record<string, string>;
  /** Lower-cased Content-Disposition value, or null. */
  disposition: string | null;
  /** Lower-cased Content-Transfer-Encoding, or '' when absent. */
  transferEncoding: string;
  /** The part's body as sent (transfer-encoded), as a latin-1 string: one character per byte. */
  body: string;
  children: MimePart[];
}

/** Limits against hostile nesting; mailparser has its own, these only bound our walk. */
const MAX_DEPTH = 20;
const MAX_PARTS = 1000;

/** Reads the part tree of a mail given as bytes. */
export function outlineMime(bytes: Buffer): MimePart {
  const budget = { parts: MAX_PARTS };
  return readPart(bytes.toString('latin1'), 0, budget);
}

/** The leaf parts, depth first, in the order they appear. */
export function leafParts(root: MimePart): MimePart[] {
  if (root.children.length === 0) return [root];
  return root.children.flatMap(leafParts);
}

/**
 * The leaves mailparser gathers into its `text`: text/plain parts shown inline
 * (no disposition, or `inline`).
 */
export function inlineTextParts(root: MimePart): MimePart[] {
  return leafParts(root).filter((p) => p.type === 'text/plain' && (p.disposition === null || p.disposition === 'inline'));
}

function readPart(text: string, depth: number, budget: { parts: number }): MimePart {
  budget.parts--;
  const { headers, body } = splitHead(text);
  const contentType = parseStructured(headers.get('content-type') ?? 'text/plain');
  const disposition = headers.get('content-disposition');
  const part: MimePart = {
    type: contentType.value || 'text/plain',
    params: contentType.params,
    disposition: disposition === undefined ? null : parseStructured(disposition).value,
    transferEncoding: (headers.get('content-transfer-encoding') ?? '').trim().toLowerCase(),
    body,
    children: [],
  };
  const boundary = part.params['boundary'];
  if (part.type.startsWith('multipart/') && boundary && depth < MAX_DEPTH) {
    for (const child of splitMultipart(body, boundary)) {
      if (budget.parts <= 0) break;
      part.children.push(readPart(child, depth + 1, budget));
    }
  }
  return part;
}

/** Separates the header block from the body and unfolds the headers (first occurrence wins). */
function splitHead(text: string): { headers: Map<string, string>; body: string } {
  const end = /\r?\n\r?\n/.exec(text);
  let head: string;
  let body: string;
  if (text.startsWith('\n') || text.startsWith('\r\n')) {
    head = '';
    body = text.slice(text.indexOf('\n') + 1);
  } else if (end) {
    head = text.slice(0, end.index);
    body = text.slice(end.index + end[0].length);
  } else {
    head = text;
    body = '';
  }
  const headers = new Map<string, string>();
  for (const field of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = field.indexOf(':');
    if (colon <= 0) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, field.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** `type/subtype; name="value"; …` → value and parameters. RFC 2231 continuations are not joined. */
function parseStructured(value: string): { value: string; params: Record<string, string> } {
  const semicolon = value.indexOf(';');
  const main = (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  const params: Record<string, string> = {};
  if (semicolon !== -1) {
    const param = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
    for (const m of value.slice(semicolon).matchAll(param)) {
      const name = m[1]!.toLowerCase();
      let v = m[2]!.trim();
      if (v.startsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
      if (!(name in params)) params[name] = v;
    }
  }
  return { value: main, params };
}

/** The bodies between `--boundary` lines, preamble and epilogue dropped. */
function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let current: number | null = null;
  let pos = 0;
  while (pos <= body.length) {
    const nl = body.indexOf('\n', pos);
    const lineEnd = nl === -1 ? body.length : nl;
    const line = body.slice(pos, lineEnd).replace(/\r$/, '');
    if (line.startsWith(delimiter)) {
      const tail = line.slice(delimiter.length);
      const closing = tail.startsWith('--');
      if (closing || tail.trim() === '') {
        // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
        if (current !== null) parts.push(body.slice(current, Math.max(current, pos - 1)).replace(/\r$/, ''));
        if (closing) return parts;
        current = nl === -1 ? body.length : nl + 1;
      }
    }
    if (nl === -1) break;
    pos = nl + 1;
  }
  // No closing delimiter: keep what the last part had, as mailparser does.
  if (current !== null) parts.push(body.slice(current));
  return parts;
}
