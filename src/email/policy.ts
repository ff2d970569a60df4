/**
 * Who may get a reply, and when: the delivery policy.  Modelled on the
 * kernel's Sashiko reviewer, the bot is silent by default; a list or a
 * MAINTAINERS section opts in with a policy saying who gets the reply, how
 * long to wait first, and who never gets mail.  Where several policies
 * match a patch, the most cautious one wins on each point: the fewest
 * recipients, the longest delay, everyone's never-list.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Address } from '../mail/types.js';
import { isListAddress } from './addressing.js';
import { covers, type MaintainersSection } from '../maintainers/maintainers.js';
import type { OutgoingMail } from './types.js';

/** Who gets the reply, from the fewest to the most. */
export const AUDIENCES = ['nobody', 'author', 'author+list', 'author+list+cc'] as const;
export type Audience = (typeof AUDIENCES)[number];

export interface Policy {
  name: string;
  /** List addresses: the policy applies to mail sent to one of them. */
  lists: string[];
  /** MAINTAINERS section names: the policy applies to a patch touching a file of one of them. */
  sections: string[];
  recipients: Audience;
  /** Mail younger than this is held, in milliseconds. */
  delayMs: number;
  /** Addresses (or `@domain`) that never get mail. */
  never: string[];
}

export interface DeliveryPolicy {
  /** The file it was read from, for messages. */
  path: string;
  policies: Policy[];
  never: string[];
  /** A MAINTAINERS file the policy names, resolved against the policy's directory. */
  maintainers?: string;
}

export class PolicyError extends Error {
  override name = 'PolicyError';
}

const TOP_KEYS = new Set(['policies', 'never', 'maintainers']);
const POLICY_KEYS = new Set(['name', 'lists', 'sections', 'recipients', 'delay', 'never']);
const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function loadPolicy(path: string): DeliveryPolicy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PolicyError(`${path}: cannot read the delivery policy: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parsePolicy(text, path);
}

/** A policy file checked strictly: a typo in what guards a mailing list must not pass unnoticed. */
export function parsePolicy(text: string, path: string): DeliveryPolicy {
  const fail = (message: string): never => {
    throw new PolicyError(`${path}: ${message}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(`not JSON: ${(error as Error).message}`);
  }
  if (!isObject(json)) return fail('want an object with "policies"');
  for (const key of Object.keys(json)) if (!TOP_KEYS.has(key)) fail(`unknown key "${key}" (known: ${[...TOP_KEYS].join(', ')})`);
  if (!Array.isArray(json.policies) || json.policies.length === 0) fail('"policies" must be a non-empty array');
  const policies = (json.policies as unknown[]).map((p, i): Policy => {
    const where = `policies[${i}]`;
    if (!isObject(p)) return fail(`${where} must be an object`);
    for (const key of Object.keys(p)) if (!POLICY_KEYS.has(key)) fail(`${where}: unknown key "${key}" (known: ${[...POLICY_KEYS].join(', ')})`);
    const lists = strings(p.lists, `${where}.lists`, fail).map((l) => l.toLowerCase());
    const sections = strings(p.sections, `${where}.sections`, fail);
    if (lists.length === 0 && sections.length === 0) fail(`${where} names no "lists" and no "sections": it would apply to every mail`);
    const recipients = p.recipients ?? 'author';
    if (typeof recipients !== 'string' || !(AUDIENCES as readonly string[]).includes(recipients))
      fail(`${where}.recipients must be one of ${AUDIENCES.join(', ')}`);
    const name = p.name === undefined ? [...sections, ...lists].join(', ') : typeof p.name === 'string' ? p.name : fail(`${where}.name must be a string`);
    return {
      name,
      lists,
      sections,
      recipients: recipients as Audience,
      delayMs: duration(p.delay, `${where}.delay`, fail),
      never: strings(p.never, `${where}.never`, fail).map((a) => a.toLowerCase()),
    };
  });
  const policy: DeliveryPolicy = { path, policies, never: strings(json.never, 'never', fail).map((a) => a.toLowerCase()) };
  if (json.maintainers !== undefined) {
    if (typeof json.maintainers !== 'string') fail('"maintainers" must be a path');
    policy.maintainers = resolve(dirname(path), json.maintainers as string);
  }
  return policy;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown, where: string, fail: (m: string) => never): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && s.trim() !== '')) return fail(`${where} must be an array of non-empty strings`);
  return (v as string[]).map((s) => s.trim());
}

/** `90s`, `30m`, `24h`, `2d`, or a number of seconds. */
function duration(v: unknown, where: string, fail: (m: string) => never): number {
  if (v === undefined) return 0;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v * 1000;
  const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(v.trim()) : null;
  if (!m) return fail(`${where} must be a duration such as "24h", "30m", "2d" or a number of seconds`);
  return Number(m[1]) * UNITS[m[2]!]!;
}

/** Section names the policy uses that MAINTAINERS does not have (a typo, or the wrong file). */
export function unknownSections(policy: DeliveryPolicy, sections: readonly MaintainersSection[]): string[] {
  const names = new Set(sections.map((s) => s.name));
  return [...new Set(policy.policies.flatMap((p) => p.sections))].filter((n) => !names.has(n));
}

export type Decision =
  | { kind: 'send'; to: Address[]; cc: Address[]; policies: string[]; left: { address: string; reason: string }[] }
  | { kind: 'hold'; until: Date; policies: string[] }
  | { kind: 'skip'; reason: string };

export interface DecideContext {
  sections: readonly MaintainersSection[];
  /** Addresses known to be lists (policy lists, MAINTAINERS `L:`). */
  lists: readonly string[];
  now: Date;
}

/** What the policy makes of one reply. */
export function decide(mail: OutgoingMail, policy: DeliveryPolicy, context: DecideContext): Decision {
  const reviewed = mail.reviewed;
  if (reviewed.messageId === null)
    return { kind: 'skip', reason: 'the patch has no Message-ID: it did not come from a list, and the outbox could not tell it apart' };
  const sentTo = new Set([...reviewed.to, ...reviewed.cc].map((a) => a.address.toLowerCase()));
  const matching = policy.policies.filter((p) => {
    const byList = p.lists.length === 0 || p.lists.some((l) => sentTo.has(l));
    const bySection = p.sections.length === 0 || context.sections.some((s) => p.sections.includes(s.name) && reviewed.files.some((f) => covers(s, f)));
    return byList && bySection;
  });
  if (matching.length === 0) return { kind: 'skip', reason: `no policy in ${policy.path} covers it (no opted-in list or MAINTAINERS section)` };
  const names = matching.map((p) => p.name);
  const audience = AUDIENCES[Math.min(...matching.map((p) => AUDIENCES.indexOf(p.recipients)))]!;
  if (audience === 'nobody') return { kind: 'skip', reason: `policy ${matching.find((p) => p.recipients === 'nobody')!.name} sends to nobody` };
  const delay = Math.max(...matching.map((p) => p.delayMs));
  const written = reviewed.date && reviewed.date.getTime() <= context.now.getTime() ? reviewed.date : context.now;
  if (delay > 0 && context.now.getTime() - written.getTime() < delay) {
    return { kind: 'hold', until: new Date(written.getTime() + delay), policies: names };
  }
  const never = [...policy.never, ...matching.flatMap((p) => p.never)];
  const barred = (a: Address): boolean => {
    const key = a.address.toLowerCase();
    return never.some((n) => (n.startsWith('@') ? key.endsWith(n) : key === n));
  };
  const left: { address: string; reason: string }[] = [];
  const keep = (list: Address[], allowed: (a: Address) => boolean, why: string): Address[] =>
    list.filter((a) => {
      if (barred(a)) {
        left.push({ address: a.address, reason: 'never gets mail (policy)' });
        return false;
      }
      if (!allowed(a)) {
        left.push({ address: a.address, reason: why });
        return false;
      }
      return true;
    });
  const to = keep(mail.to, () => true, '');
  const cc =
    audience === 'author'
      ? keep(mail.cc, () => false, `the policy sends to the author only`)
      : audience === 'author+list'
        ? keep(mail.cc, (a) => isListAddress(a.address, context.lists), 'not a list, and the policy sends to the author and the list only')
        : keep(mail.cc, () => true, '');
  if (to.length + cc.length === 0) return { kind: 'skip', reason: 'nobody the policy allows is left to send to' };
  return { kind: 'send', to, cc, policies: names, left };
}
