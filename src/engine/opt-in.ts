/**
 * Which opt-in rules speak on which file: those the run turned on
 * everywhere, and those a maintainer profile turns on for the MAINTAINERS
 * sections covering the file.  Kept apart from rule selection because the
 * answer differs file by file within one patch.
 */
import { covers, patternRegex, type MaintainersSection } from '../maintainers/maintainers.js';
import type { OptIn, OptInSettings } from './types.js';
import { ownString } from './own-string.js';

export type OptInLookup = (ruleId: string, path: string) => OptIn | null;

const NOTHING: OptInLookup = () => null;

/** Paths whose sections are remembered at most: more than a long series touches. */
const SECTIONS_CACHE_SIZE = 1024;

const compiled = new WeakMap<OptInSettings, OptInLookup>();

/** The lookup for a run's settings, built once per settings object (one per run, or per worker). */
export function optInLookup(settings: OptInSettings | undefined): OptInLookup {
  if (!settings) return NOTHING;
  let lookup = compiled.get(settings);
  if (!lookup) {
    lookup = build(settings);
    compiled.set(settings, lookup);
  }
  return lookup;
}

function build(settings: OptInSettings): OptInLookup {
  const everywhere = new Set(settings.everywhere);
  const sections: MaintainersSection[] = settings.sections
    .filter((s) => (settings.profiles[s.name]?.length ?? 0) > 0)
    .map((s) => ({ name: s.name, lists: [], files: s.files, excluded: s.excluded, include: s.files.map(patternRegex), exclude: s.excluded.map(patternRegex) }));
  // A patch names few files; the sections covering each are worked out once. A run over an
  // archive meets thousands of paths: the cache is let go when full, and keeps copies of them.
  const sectionsOf = new Map<string, string[]>();
  return (ruleId, path) => {
    if (everywhere.has(ruleId)) return { by: 'run' };
    let names = sectionsOf.get(path);
    if (!names) {
      names = sections.filter((s) => covers(s, path)).map((s) => s.name);
      if (sectionsOf.size >= SECTIONS_CACHE_SIZE) sectionsOf.clear();
      sectionsOf.set(ownString(path), names);
    }
    const section = names.find((name) => settings.profiles[name]!.includes(ruleId));
    return section === undefined ? null : { by: 'profile', section };
  };
}
