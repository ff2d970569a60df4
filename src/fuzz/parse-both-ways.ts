/** The same mail through the fast path and through mailparser, to prove they agree. */
import { fastParseSettings } from '../mail/fast-parse.js';
import { MailError, parseMail } from '../mail/parse.js';
import type { Mail, RawMessage } from '../mail/types.js';

export type ParseOutcome = Mail | { error: string };

/** parseMail with the fast path on or off; a MailError's reason stands for the mail. */
export async function parseWith(raw: RawMessage, fast: boolean): Promise<ParseOutcome> {
  fastParseSettings.enabled = fast;
  try {
    return await parseMail(raw);
  } catch (error) {
    return { error: error instanceof MailError ? error.reason : String(error) };
  } finally {
    fastParseSettings.enabled = true;
  }
}
