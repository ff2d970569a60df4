/**
 * Maintainer profiles: the opt-in rules a MAINTAINERS section's
 * maintainers ask for (rules/maintainer-profiles.json, plus the config's
 * `profiles`), and the sections' file patterns, from the tree's
 * MAINTAINERS in tree mode or else from the map bundled from a release.
 */
import bundledProfiles from '../../rules/maintainer-profiles.json' with { type: 'json' };
import bundledSections from '../../rules/maintainers-sections.json' with { type: 'json' };
import type { OptInSettings, Rule } from '../engine/types.js';
import { parseMaintainers } from './maintainers.js';

export interface SectionPatterns {
  name: string;
  files: string[];
  excluded: string[];
}

/** rules/maintainers-sections.json: where it was generated from, and when. */
export interface SectionMap {
  source: string;
  generated: string;
  sections: SectionPatterns[];
}

export const SECTION_MAP: SectionMap = bundledSections;

/** Section name → the opt-in rules its profile turns on, as bundled. */
export function bundledProfileRules(): Record<string, string[]> {
  return Object.fromEntries(Object.entries(bundledProfiles.profiles).map(([name, p]) => [name, [...p.rules]]));
}

export interface OptInChoice {
  /** The config's `profiles`: section → rule ids (empty: the section's bundled profile is off). */
  profiles?: Record<string, string[]>;
  /** Opt-in rules the config sets by their own id (not by area): on everywhere, unless set `off`. */
  configured: string[];
  /** The --rule patterns: an opt-in rule they name by its id is on everywhere (an area alone does not turn a style on). */
  picked: readonly string[];
  /** The tree's MAINTAINERS text, in tree mode; null without a tree or when the tree has none. */
  maintainers: string | null;
}

/** What turns the run's opt-in rules on: the run's own choice everywhere, the profiles per section. */
export function optInSettings(rules: readonly Rule[], choice: OptInChoice): OptInSettings {
  const optIn = rules.filter((r) => r.meta.optIn).map((r) => r.meta.id);
  const everywhere = optIn.filter((id) => choice.configured.includes(id) || choice.picked.includes(id));
  const profiles: Record<string, string[]> = {};
  for (const [name, ids] of Object.entries({ ...bundledProfileRules(), ...choice.profiles })) {
    const on = ids.filter((id) => optIn.includes(id) && !everywhere.includes(id));
    if (on.length > 0) profiles[name] = on;
  }
  const all = choice.maintainers === null ? SECTION_MAP.sections : parseMaintainers(choice.maintainers);
  const sections = all.filter((s) => profiles[s.name] !== undefined).map((s) => ({ name: s.name, files: s.files, excluded: s.excluded }));
  return { everywhere, profiles, sections };
}
