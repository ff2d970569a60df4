/**
 * The project's config file: which rules run and how severe their findings
 * are, and the threshold that fails a run.  Shared by the Action and the CLI.
 *
 * ```json
 * { "rules": { "qapi": "info", "qapi/unstable-feature": "error", "c/lengthy-macro": "off" },
 *   "failOn": "error", "exclude": ["tests/qapi-schema/**"] }
 * ```
 *
 * A key is a rule id, an area (`qapi`) or `area/*`; an id wins over its area
 * whatever the order of the keys, so the file reads the same either way.
 */
import { readFile as readFileCb } from 'node:fs';
import { promisify } from 'node:util';
import { matches, RuleSelectionError, selectRules } from '../engine/registry.js';
import type { Rule, Severity } from '../engine/types.js';
import { globProblem } from './path-glob.js';

// Not node:fs/promises, which every run would load for it (see src/mail/input.ts).
const readFile = promisify(readFileCb);

export type RuleSetting = Severity | 'off';
export type FailOn = Severity | 'never';

export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'error', 'warning', 'info'];
export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'never'];

export interface Config {
  /** Rule id, area or `area/*` → setting, as written. */
  rules: Record<string, RuleSetting>;
  failOn?: FailOn;
  /** MAINTAINERS section → the opt-in rules its maintainers ask for (adds to or overrides the bundled profiles). */
  profiles?: Record<string, string[]>;
  /** Path patterns of files no rule reviews (src/config/path-glob.ts). */
  exclude?: string[];
}

/** What a config means for a run: the rules to run and the severities that differ from theirs. */
export interface RuleChoice {
  rules: Rule[];
  severity: Record<string, Severity>;
  /** The config's path patterns of files no rule reviews. */
  exclude?: string[];
}

/** A config file that cannot be used; the message names the file and, where there is one, the key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly key: string | null,
    readonly reason: string,
  ) {
    super(`${file}: ${key === null ? '' : `${key}: `}${reason}`);
  }
}

const TOP_LEVEL_KEYS = ['rules', 'failOn', 'exclude', 'profiles'];

/**
 * Reads and validates a config file against the rules that exist.  Errors
 * name the file as `name` (the path as the user wrote it, by default).
 */
export async function loadConfig(path: string, all: readonly Rule[], name = path): Promise<Config> {
  const text = await readConfigText(path, name);
  if (text === null) throw missingConfig(name);
  return parseConfig(text, name, all);
}

/** The config file's text, null when there is no such file. */
export async function readConfigText(path: string, name = path): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new ConfigError(name, null, `cannot read it (${code ?? String(error)})`);
  }
}

export const missingConfig = (name: string): ConfigError => new ConfigError(name, null, 'no such file');

/** Validates config text; `file` is only used to name the file in errors. */
export function parseConfig(text: string, file: string, all: readonly Rule[]): Config {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, null, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(data)) throw new ConfigError(file, null, `expected a JSON object, found ${describe(data)}`);
  for (const key of Object.keys(data)) {
    if (!TOP_LEVEL_KEYS.includes(key)) throw new ConfigError(file, key, `unknown key (expected ${oneOf(TOP_LEVEL_KEYS)})`);
  }
  const config: Config = { rules: {} };
  if (data.rules !== undefined) {
    if (!isObject(data.rules)) throw new ConfigError(file, 'rules', `expected an object of rule settings, found ${describe(data.rules)}`);
    for (const [pattern, value] of Object.entries(data.rules)) {
      const key = `rules.${pattern}`;
      if (typeof value !== 'string' || !RULE_SETTINGS.includes(value as RuleSetting)) {
        throw new ConfigError(file, key, `expected one of ${RULE_SETTINGS.map(quote).join(', ')}, found ${describe(value)}`);
      }
      if (!all.some((rule) => matches(pattern, rule.meta.id))) {
        throw new ConfigError(file, key, 'no rule has this id or area (`qemu-review rules` lists them)');
      }
      config.rules[pattern] = value as RuleSetting;
    }
  }
  if (data.failOn !== undefined) {
    if (typeof data.failOn !== 'string' || !FAIL_ON.includes(data.failOn as FailOn)) {
      throw new ConfigError(file, 'failOn', `expected one of ${FAIL_ON.map(quote).join(', ')}, found ${describe(data.failOn)}`);
    }
    config.failOn = data.failOn as FailOn;
  }
  if (data.exclude !== undefined) {
    if (!Array.isArray(data.exclude)) throw new ConfigError(file, 'exclude', `expected an array of path patterns, found ${describe(data.exclude)}`);
    config.exclude = data.exclude.map((pattern: unknown, i) => {
      if (typeof pattern !== 'string') throw new ConfigError(file, `exclude[${i}]`, `expected a path pattern, found ${describe(pattern)}`);
      const problem = globProblem(pattern);
      if (problem !== null) throw new ConfigError(file, `exclude[${i}]`, `${JSON.stringify(pattern)}: ${problem}`);
      return pattern;
    });
  }
  if (data.profiles !== undefined) config.profiles = parseProfiles(data.profiles, file, all);
  return config;
}

/** `profiles`: section name → a list of opt-in rule ids. */
function parseProfiles(value: unknown, file: string, all: readonly Rule[]): Record<string, string[]> {
  if (!isObject(value)) throw new ConfigError(file, 'profiles', `expected an object of MAINTAINERS section → rule ids, found ${describe(value)}`);
  const profiles: Record<string, string[]> = {};
  for (const [section, ids] of Object.entries(value)) {
    const key = `profiles.${section}`;
    if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string')) {
      throw new ConfigError(file, key, `expected a list of rule ids, found ${describe(ids)}`);
    }
    for (const id of ids) {
      const rule = all.find((r) => r.meta.id === id);
      if (!rule) throw new ConfigError(file, key, `no rule has the id '${id}' (\`qemu-review rules\` lists them)`);
      if (!rule.meta.optIn) throw new ConfigError(file, key, `'${id}' is not an opt-in rule: it runs on every file already`);
    }
    profiles[section] = ids;
  }
  return profiles;
}

/** The rules a config leaves on, and their severities; `off` goes through the registry like --no-rule. */
export function chooseRules(config: Config, all: readonly Rule[]): RuleChoice {
  const off: string[] = [];
  const severity: Record<string, Severity> = {};
  for (const rule of all) {
    const setting = settingFor(config, rule.meta.id);
    if (setting === undefined) continue;
    if (setting === 'off') off.push(rule.meta.id);
    else if (setting !== rule.meta.severity) severity[rule.meta.id] = setting;
  }
  return { rules: selectRules(all, [], off), severity, ...(config.exclude ? { exclude: config.exclude } : {}) };
}

/**
 * The rules of a run: those the config left on (`chosen`), narrowed by
 * --rule / --no-rule.  Names are checked against every rule that exists, so
 * a rule the config turns off is called that, not unknown; and a selection
 * that leaves no rule is an error, since a run that checks nothing would
 * look like a clean one.  `configName` names the config file in messages.
 */
export function selectForRun(
  all: readonly Rule[],
  chosen: readonly Rule[],
  only: readonly string[] = [],
  skip: readonly string[] = [],
  configName?: string,
): Rule[] {
  const selected = selectRules(all, only, skip);
  const config = configName === undefined ? 'the config' : `the config (${configName})`;
  for (const pattern of only) {
    if (!chosen.some((r) => matches(pattern, r.meta.id))) {
      throw new RuleSelectionError(`rule '${pattern}' is turned off by ${config}: --rule picks among the rules it leaves on`);
    }
  }
  const on = new Set(chosen);
  const rules = selected.filter((r) => on.has(r));
  if (rules.length > 0) return rules;
  let why: string;
  if (only.length > 0) why = '--no-rule leaves out every rule --rule picks';
  else if (skip.length === 0) why = `${config} turns every rule off`;
  else if (chosen.length < all.length) why = `--no-rule leaves out every rule ${config} leaves on`;
  else why = '--no-rule leaves out every rule';
  throw new RuleSelectionError(`no rule left to run: ${why}`);
}

/** The setting of the most specific key naming the rule: its id, then `area/*` or `area`. */
export function settingFor(config: Config, id: string): RuleSetting | undefined {
  let best: { rank: number; setting: RuleSetting } | undefined;
  for (const [pattern, setting] of Object.entries(config.rules)) {
    if (!matches(pattern, id)) continue;
    const rank = pattern === id ? 2 : 1;
    if (!best || rank > best.rank) best = { rank, setting };
  }
  return best?.setting;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const quote = (s: string): string => `"${s}"`;

/** `"a", "b" or "c"`. */
const oneOf = (words: readonly string[]): string => {
  const quoted = words.map(quote);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)!}`;
};
