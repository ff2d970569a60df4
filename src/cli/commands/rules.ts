/** `qemu-review rules`: every rule with its severity, description and source. */
import { Option, type Command } from 'commander';
import type { Rule } from '../../engine/types.js';
import type { Io } from '../io.js';

export function registerRules(program: Command, io: Io, rules: readonly Rule[]): void {
  program
    .command('rules')
    .description('list every rule: id, severity, description, and the doc or review it comes from')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .action(async (opts: { format: 'text' | 'json' | 'markdown' }) => {
      const { listRules } = await import('../rules.js');
      io.stdout.write(listRules(rules, opts.format));
    });
}
