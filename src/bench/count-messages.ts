/**
 * The yardstick for an archive: `node count-messages.js FILE` streams the file and counts the
 * lines that start with `From ` (Buffer.indexOf), the least any mbox reader does. A review of
 * the archive is measured as a multiple of this, on the same machine in the same run.
 */
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FROM = Buffer.from('\nFrom ');

export async function countMessages(path: string, chunkBytes = 1 << 20): Promise<number> {
  let count = 0;
  // The file's first line has no newline before it.
  let carry = Buffer.from('\n');
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    // The tail of the previous chunk, so that a separator cut in two is still seen once.
    const data = Buffer.concat([carry, chunk]);
    for (let at = data.indexOf(FROM); at >= 0; at = data.indexOf(FROM, at + 1)) count++;
    carry = data.subarray(Math.max(0, data.length - (FROM.length - 1)));
  }
  return count;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await countMessages(process.argv[2]!));
}
