/** Where ../shared is (QEMU sources, the seed thread, patchew's corpus), and whether this machine has it. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const sharedDir = join(repoRoot, '..', 'shared');
export const hasShared = existsSync(join(sharedDir, 'seed'));

export const shared = (...parts: string[]): string => join(sharedDir, ...parts);
