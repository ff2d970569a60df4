/**
 * How much of the V8 heap a step leaves alive: heap used after a full collection, after the
 * step, less the same before it. For tests of what a long run keeps (a byte count, not a time).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export async function retainedBytes<T>(step: () => T | Promise<T>): Promise<{ kept: T; bytes: number }> {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = await step();
  gc();
  return { kept, bytes: process.memoryUsage().heapUsed - before };
}
