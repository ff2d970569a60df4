/** The command line: `qemu-review check`, `reply`, `followup`, `rules`, `schema` and `hook`. */
import { Command, CommanderError } from 'commander';
import { rules as allRules } from '../../rules/index.js';
import { checkRules } from '../engine/registry.js';
import { registerCheck } from './commands/check.js';
import { registerFollowup } from './commands/followup.js';
import { registerHook } from './commands/hook.js';
import { registerReply } from './commands/reply.js';
import { registerRules } from './commands/rules.js';
import { registerSchema } from './commands/schema.js';
import { processIo, type Io } from './io.js';
import { OutputFailed } from './output.js';
import { commanderUsageLine, UsageError, usageLine } from './usage-error.js';
import { version } from '../version.js';

function buildProgram(io: Io, setStatus: (status: number) => void): Command {
  const program = new Command('qemu-review')
    .description('Review QEMU patch emails the way a careful QAPI maintainer would')
    .version(version(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // Set before the subcommands exist: they copy these settings when created.
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(commanderUsageLine(s)),
    });
  registerCheck(program, io, allRules, setStatus);
  registerReply(program, io, allRules, setStatus);
  registerFollowup(program, io, allRules, setStatus);
  registerRules(program, io, allRules);
  registerSchema(program, io, setStatus);
  registerHook(program, io);
  return program;
}

/**
 * Runs the command line and returns the exit status: 0 clean, 1 findings, 2 usage, input or
 * output error, 141 when standard output was closed early (see output.ts).
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const status = await run(argv, io);
  try {
    // Standard output is written in blocks: the last one goes out here, whatever the command.
    io.stdout.flush?.();
  } catch (error) {
    if (error instanceof OutputFailed) return error.status;
    throw error;
  }
  return status;
}

async function run(argv: string[], io: Io): Promise<number> {
  checkRules(allRules);
  let status = 0;
  const program = buildProgram(io, (s) => (status = s));
  try {
    await program.parseAsync(argv);
  } catch (error) {
    // --help and --version end here too, with exit code 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    // The output is gone (a closed pipe, a full disk): already said, if worth saying.
    if (error instanceof OutputFailed) return error.status;
    if (error instanceof UsageError) {
      io.stderr.write(usageLine(error.message));
      return 2;
    }
    throw error;
  }
  return status;
}
