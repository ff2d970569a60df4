/** The Action's entry point (bundled into dist/index.js): run, and turn any failure into a failed step. */
import * as core from '@actions/core';
import { run } from './run.js';

run().catch((error: unknown) => {
  // A config or input error is the user's to fix: its message says where; anything else gets its stack in the log.
  if (error instanceof Error && error.name !== 'ConfigError' && error.name !== 'InputError' && error.stack) core.debug(error.stack);
  core.setFailed(`qemu-review: ${error instanceof Error ? error.message : String(error)}`);
});
