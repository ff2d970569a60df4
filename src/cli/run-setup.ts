/**
 * What every reviewing command (`check`, `reply`, `followup`) sets up the
 * same way before it reads a mail: the config and the rules it leaves, the
 * release and the day the review is judged as of, and the inputs.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { chooseRules, ConfigError, loadConfig, selectForRun, type Config } from '../config/config.js';
import { optInSettings } from '../maintainers/profiles.js';
import { findConfig, type PassedOver } from '../config/find-config.js';
import { RuleSelectionError } from '../engine/registry.js';
import type { OptInSettings, ReviewSettings, Rule, Severity } from '../engine/types.js';
import { checkInputs, InputError } from '../mail/input.js';
import type { Io } from './io.js';
import { UsageError } from './usage-error.js';

export interface RuleOptions {
  /** --config FILE, or false for --no-config; by default the nearest CONFIG_NAME (find-config.ts). */
  config?: string | false;
  rule?: string[];
  noRule?: string[];
  tree?: string;
}

export interface RunRules {
  config: Config | null;
  /** Where the config was read from, as named in messages. */
  configPath: string | null;
  /** Configs found by looking and passed over as not the user's own, for a warning each. */
  passedOver: string[];
  rules: Rule[];
  severity: Record<string, Severity>;
}

/** The config chooses first; --rule and --no-rule narrow its choice for this run. */
export async function runRules(options: RuleOptions, all: readonly Rule[]): Promise<RunRules> {
  const passedOver: string[] = [];
  const configPath = configPathOf(options, (p) => passedOver.push(`ignoring the config ${p.path}: ${p.why} (name it with --config to use it)`));
  const config = configPath === null ? null : await readConfig(configPath, all);
  const chosen = config ? chooseRules(config, all) : { rules: [...all], severity: {} };
  try {
    return {
      config,
      configPath,
      passedOver,
      rules: selectForRun(all, chosen.rules, options.rule, options.noRule, configPath ?? undefined),
      severity: chosen.severity,
    };
  } catch (error) {
    if (error instanceof RuleSelectionError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * What turns the opt-in rules on: the config naming one by its id or
 * --rule picking it turns it on everywhere; the maintainer profiles turn it
 * on for their sections' files, found in the tree's MAINTAINERS in tree mode.
 */
export function runOptIn(run: RunRules, picked: readonly string[] | undefined, tree: string | undefined): OptInSettings {
  const ids = new Set(run.rules.map((r) => r.meta.id));
  const configured = Object.entries(run.config?.rules ?? {})
    .filter(([key, setting]) => setting !== 'off' && ids.has(key))
    .map(([key]) => key);
  const profiles = run.config?.profiles;
  return optInSettings(run.rules, {
    configured,
    picked: picked ?? [],
    maintainers: tree === undefined ? null : readMaintainers(tree),
    ...(profiles ? { profiles } : {}),
  });
}

/** QEMU's MAINTAINERS is about 150 KB; a file far past that is no MAINTAINERS to trust. */
const MAINTAINERS_LIMIT = 4 << 20;

function readMaintainers(tree: string): string | null {
  let fd: number;
  try {
    fd = openSync(join(tree, 'MAINTAINERS'), 'r');
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(MAINTAINERS_LIMIT + 1);
    const size = readSync(fd, buffer, 0, buffer.length, 0);
    return size > MAINTAINERS_LIMIT ? null : buffer.toString('utf8', 0, size);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** --config, else (unless --no-config) the nearest config above the tree, then above the current directory. */
function configPathOf(options: RuleOptions, passedOver: (skipped: PassedOver) => void): string | null {
  if (options.config === false) return null;
  if (options.config !== undefined) return options.config;
  return findConfig([...(options.tree !== undefined ? [options.tree] : []), process.cwd()], { passedOver });
}

async function readConfig(path: string, all: readonly Rule[]): Promise<Config> {
  try {
    return await loadConfig(path, all);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** The settings rules read: the release under development (--qemu-version), the run's day, and whether test schemas count (--qapi-tests). */
export function runSettings(io: Io, qemuVersion: string | undefined, qapiTests = false): ReviewSettings {
  if (qemuVersion !== undefined && !/^\d+\.\d+$/.test(qemuVersion)) {
    throw new UsageError(`--qemu-version wants a release such as 10.2, not '${qemuVersion}'`);
  }
  const settings: ReviewSettings = { now: runMoment(io).toISOString() };
  if (qemuVersion !== undefined) settings.qemuVersion = qemuVersion;
  if (qapiTests) settings.qapiTests = true;
  return settings;
}

/**
 * The moment the run reviews as (a local patch is judged as of this day): SOURCE_DATE_EPOCH, the
 * reproducible-builds convention for "now", when set to seconds since the epoch; else the clock.
 */
function runMoment(io: Io): Date {
  const epoch = io.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return new Date();
  if (!/^\d+$/.test(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH wants seconds since 1970-01-01, not '${epoch}'`);
  return new Date(Number(epoch) * 1000);
}

/** The inputs, standard input when none is named and it is not a terminal; each checked to exist. */
export async function inputsOrStdin(inputs: string[], io: Io, noInput: string): Promise<string[]> {
  if (inputs.length === 0) {
    if (io.stdin.isTTY) throw new UsageError(noInput);
    inputs = ['-'];
  }
  try {
    await checkInputs(inputs);
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message.replace(/^qemu-review: /, ''));
    throw error;
  }
  return inputs;
}
