/** Reports member lists that are not in alphabetical order: in doc prose, and where a patch inserts into a sorted definition. */
import type { Rule } from '../../src/engine/types.js';
import type { Definition, DefinitionMember, DocParagraph } from '../../src/qapi/types.js';
import { paragraphText } from '../../src/qapi/paragraph-text.js';
import { noveltyOf } from '../../src/qapi/novelty.js';

/** A list of `@names` that the prose introduces as members (`Members @a, @b and @c`). */
interface ProseList {
  names: { name: string; line: number; index: number; lineIndex: number }[];
}

// The nouns that introduce an enumeration of schema names rather than a sentence about two of them.
const LIST =
  /\b(?:[Mm]embers?|[Vv]alues?|[Aa]rguments?|[Pp]arameters?|[Cc]ommands?|[Ee]vents?|[Ff]ields?|[Bb]ranch(?:es)?)\s+@[\w-]+(?:\s*,\s*@[\w-]+)*(?:\s*,?\s+(?:and|or)\s+@[\w-]+)?/g;

function proseLists(p: DocParagraph): ProseList[] {
  if (p.lines.some((l) => l.role !== 'doc-prose')) return [];
  const { text, at } = paragraphText(p);
  const lists: ProseList[] = [];
  for (const m of text.matchAll(LIST)) {
    // Elsewhere "the fields @id, @name, ..." may follow some other order on purpose (a file format's).
    if (!/^[Mm]embers?\b/.test(m[0]) && p.section.kind !== 'feature') continue;
    const names = [...m[0].matchAll(/@([\w-]+)/g)].map((n) => {
      const pos = at(m.index! + n.index!);
      return { name: n[1]!, line: p.lines[pos.lineIndex]!.line, index: pos.index, lineIndex: pos.lineIndex };
    });
    if (names.length >= 2) lists.push({ names });
  }
  return lists;
}

/**
 * Existing entries a definition needs, all in order, before its order counts as kept on purpose:
 * one list of three in six is sorted by chance (MultiFDCompression's 'none', 'zlib', 'zstd', to
 * which values were appended), of four, one in twenty-four.
 */
const MIN_SORTED = 4;

const isSorted = (names: readonly string[]) => names.every((n, i) => i === 0 || names[i - 1]! < n);

/** The index of the first entry of a strictly sorted list whose name is not below `name` (the list's length when none). */
function firstNotBelow(sorted: readonly { name: string }[], name: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.name < name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const rule: Rule = {
  meta: {
    id: 'qapi/member-list-order',
    description: 'member lists are in alphabetical order: "Members @a, @b and @c" in doc prose, and new members of a sorted definition',
    severity: 'warning',
    source: {
      title: 'Markus Armbruster, review of "[PATCH v6 16/19] qapi: add interface for backend-transfer virtio-net/tap migration", 2025-10-06',
      quote: 'List members in alphabetical order, please.',
    },
    messages: {
      proseList: 'list members in alphabetical order: {{sorted}}',
      insertion: "'{{name}}' breaks the alphabetical order of {{owner}}; it belongs {{where}}",
    },
    details:
      'Doc prose: lists of @names introduced by "member(s)" anywhere, and in feature descriptions (@deprecated:, ' +
      '@unstable:) also by "value(s)", "argument(s)", "parameter(s)", "command(s)", "event(s)", "field(s)" or ' +
      '"branch(es)". Definitions: only when ' +
      'the whole list is visible, its existing entries (at least four: three are sorted by chance one time in six) are already sorted, and the patch ' +
      'inserts an entry out of place; an entry it moves (removes anywhere in the patch or an earlier patch ' +
      'of the series) counts as existing.',
  },
  create(context) {
    const novelty = noveltyOf(context);
    return {
      qapiDoc(block, file) {
        for (const p of block.paragraphs) {
          for (const list of proseLists(p)) {
            const names = list.names.map((n) => n.name);
            if (isSorted(names)) continue;
            const sorted = [...names].sort();
            // Sorting the list: each place of it gets the name that sorts there.
            const edits = list.names
              .map((n, k) => ({ line: n.line, start: n.index, end: n.index + n.name.length + 1, text: `@${sorted[k]!}` }))
              .filter((_, k) => list.names[k]!.name !== sorted[k]);
            const first = list.names[0]!;
            const last = list.names[list.names.length - 1]!;
            context.report({
              messageKey: 'proseList',
              data: { sorted: sorted.map((n) => `@${n}`).join(', ') },
              file: file.path,
              line: first.line,
              endLine: last.line,
              column: first.index + 1,
              ...(first.line === last.line ? { endColumn: last.index + last.name.length + 2 } : {}),
              fix: { edits },
            });
          }
        }
      },

      qapiDefinition(def: Definition, file) {
        if (!def.membersComplete) return;
        // Appending in place: a list of tens of thousands of members must not be copied per member.
        const containers = new Map<string, DefinitionMember[]>();
        for (const m of def.members) {
          const list = containers.get(m.container);
          if (list) list.push(m);
          else containers.set(m.container, [m]);
        }
        for (const [container, members] of containers) {
          const isNew = members.map((m) => novelty.isNewMember(file, m));
          const old = members.filter((_, i) => !isNew[i]);
          if (old.length < MIN_SORTED || old.length === members.length || !isSorted(old.map((m) => m.name))) continue;
          members.forEach((m, i) => {
            if (!isNew[i]) return;
            const prev = members[i - 1];
            const next = members[i + 1];
            if ((!prev || prev.name < m.name) && (!next || m.name < next.name)) return;
            // The old entries are strictly sorted: a binary search finds the neighbours, so many misplaced entries cost n log n.
            const at = firstNotBelow(old, m.name);
            const after = old[at - 1];
            const before = old[old[at]?.name === m.name ? at + 1 : at];
            context.report({
              messageKey: 'insertion',
              data: {
                name: m.name,
                owner: def.name ? `${def.name}'s '${container}'` : `the '${container}' list`,
                where: after ? `after '${after.name}'` : `before '${before!.name}'`,
              },
              file: file.path,
              line: m.nameRange.start.line,
              column: m.nameRange.start.column,
              endColumn: m.nameRange.end.column,
            });
          });
        }
      },
    };
  },
};

export default rule;
