/** Decoding of byte strings the MIME parser hands over undecoded (attachments, bare diffs). */

export interface Decoded {
  text: string;
  /** Set when the bytes could not be decoded the way they were labelled. */
  warning?: string;
}

/** True when Node's decoder (the WHATWG encoding labels) knows `charset`. */
export function isKnownCharset(charset: string): boolean {
  try {
    new TextDecoder(charset.trim());
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes `bytes` labelled with `charset`. Without a label, or with one nobody knows, UTF-8 is
 * tried first and latin-1 is the fallback, because latin-1 maps every byte and so loses nothing a
 * whitespace or line-length rule needs.
 */
export function decodeBytes(bytes: Uint8Array, charset: string | undefined, what: string): Decoded {
  const label = charset?.trim();
  if (label) {
    if (isKnownCharset(label)) return { text: new TextDecoder(label).decode(bytes) };
    const guessed = decodeUnlabelled(bytes);
    return { text: guessed.text, warning: `${what}: unknown charset "${label}", decoded as ${guessed.as}` };
  }
  const guessed = decodeUnlabelled(bytes);
  return guessed.as === 'UTF-8'
    ? { text: guessed.text }
    : { text: guessed.text, warning: `${what}: no charset declared and not valid UTF-8, decoded as latin-1` };
}

function decodeUnlabelled(bytes: Uint8Array): { text: string; as: 'UTF-8' | 'latin-1' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), as: 'UTF-8' };
  } catch {
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), as: 'latin-1' };
  }
}
