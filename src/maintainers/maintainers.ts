/**
 * QEMU's MAINTAINERS file, as far as a delivery policy and the maintainer
 * profiles need it: the sections by name, the files each covers (`F:`,
 * less `X:`) and its lists (`L:`).  The patterns follow the file's own legend: `dir/` is everything
 * in and below dir, `dir/*` the files in dir but not below, `*` and `?`
 * never cross a `/`, and a plain path is that file or everything below it.
 */

export interface MaintainersSection {
  name: string;
  lists: string[];
  include: RegExp[];
  exclude: RegExp[];
  /** The `F:` and `X:` patterns as written. */
  files: string[];
  excluded: string[];
}

const ENTRY = /^([A-Z]):\s*(.*)$/;

export function parseMaintainers(text: string): MaintainersSection[] {
  const lines = text.split(/\r?\n/);
  const sections: MaintainersSection[] = [];
  let current: MaintainersSection | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const entry = ENTRY.exec(line);
    if (entry) {
      if (!current) continue;
      const [, tag, value] = entry;
      const v = value!.trim();
      if (tag === 'F' && v !== '') {
        current.include.push(patternRegex(v));
        current.files.push(v);
      } else if (tag === 'X' && v !== '') {
        current.exclude.push(patternRegex(v));
        current.excluded.push(v);
      } else if (tag === 'L' && v !== '') current.lists.push(v.replace(/\s.*$/, '').toLowerCase());
      continue;
    }
    // Titles stand at the left margin; indented lines are the legend, underlined ones group headings.
    if (line.trim() === '' || /^\s/.test(line)) {
      current = null;
      continue;
    }
    if (/^[-=]{3,}\s*$/.test(lines[i + 1] ?? '')) {
      current = null;
      i++;
      continue;
    }
    current = { name: line.trim(), lists: [], include: [], exclude: [], files: [], excluded: [] };
    sections.push(current);
  }
  return sections.filter((s) => s.include.length > 0 || s.lists.length > 0);
}

export function patternRegex(pattern: string): RegExp {
  const body = pattern
    .replace(/\/+$/, '')
    .split('')
    .map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  if (pattern.endsWith('/')) return new RegExp(`^${body}/`);
  if (/[*?]/.test(pattern)) return new RegExp(`^${body}$`);
  return new RegExp(`^${body}(?:/|$)`);
}

/** No path on a real tree is longer (Linux PATH_MAX); a longer one from a hostile patch is matched by nothing. */
const LONGEST_PATH = 4096;

/** The section covers the file: some `F:` matches it and no `X:` does. */
export function covers(section: MaintainersSection, file: string): boolean {
  if (file.length > LONGEST_PATH) return false;
  return section.include.some((r) => r.test(file)) && !section.exclude.some((r) => r.test(file));
}
