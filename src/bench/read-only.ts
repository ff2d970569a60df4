/**
 * The floor under an archive's review: `node read-only.js FILE STAGE` does what a review does
 * before any rule runs, and nothing else. STAGE `split` cuts the mbox into messages as the
 * review does, `mail` also parses each with the parser of record (mailparser's logic, through
 * the fast path), `diff` also reads each patch's diff (parse-diff). Measured side by side with
 * the message counter, it says how much of the gap to the counter no rule could close.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readInputs } from '../mail/input.js';
import { parseMail } from '../mail/parse.js';
import { readPatch } from '../patch/read-patch.js';

export const STAGES = ['split', 'mail', 'diff'] as const;
export type Stage = (typeof STAGES)[number];

/** Messages read, and files of diffs read (0 before the `diff` stage). */
export async function readOnly(path: string, stage: Stage): Promise<{ messages: number; files: number }> {
  let messages = 0;
  let files = 0;
  for await (const input of readInputs([path])) {
    messages++;
    if (stage === 'split' || !('bytes' in input)) continue;
    let mail;
    try {
      mail = await parseMail(input);
    } catch {
      continue;
    }
    if (stage === 'diff') files += readPatch(mail).files.length;
  }
  return { messages, files };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const stage = process.argv[3] as Stage;
  if (!STAGES.includes(stage)) throw new Error(`stage: one of ${STAGES.join(', ')}`);
  console.log(JSON.stringify(await readOnly(process.argv[2]!, stage)));
}
