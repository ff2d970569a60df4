/** Reports `Since:` / `(Since x.y)` of new definitions and members that do not name the release under development, and malformed Since sections. */
import type { ChangedFile, Problem, Rule, RuleContext, SchemaFile } from '../../src/engine/types.js';
import type { DocBlock, DocLine, DocSection } from '../../src/qapi/types.js';
import { compareVersions, expectedRelease as releaseFor, type Calendar, type Expected } from '../../src/qapi/releases.js';
import { definitionOf, documentedMember, noveltyOf, type Novelty } from '../../src/qapi/novelty.js';
import history from './qemu-releases.json' with { type: 'json' };

const CALENDAR: Calendar = history;

/** `Since: 10.2`, `Since: 9.2.0`: what the doc asks for. */
const VERSION = /^\d+\.\d+(?:\.\d+)?$/;
/** `Since: FIXME`, `(since TBD)`: the author left the release to be filled in. */
const PLACEHOLDER = /^(?:FIXME|TBD|TODO|XXX|X\.Y(?:\.Z)?)$/i;
/** `(since 9.1)` at the end of a member description, any case, with or without a colon. */
const MEMBER_SINCE = /\((since|Since)(:?)\s+([^)\s]+)\s*\)/;
/** A paragraph that is only a version note but no Since section to the generator: `since: 9.0`, `Since 9.0`, `Since : 9.0`. */
const FALSE_SECTION = /^(?:since\s*:|Since\s+:|Since|SINCE\s*:?)\s*\d+\.\d+(?:\.\d+)?\.?\s*$/;

function expectedRelease(context: RuleContext): Expected | null {
  const { mail } = context.patch;
  const now = context.settings.now === undefined ? new Date() : new Date(context.settings.now);
  return releaseFor(
    {
      qemuVersion: context.settings.qemuVersion,
      treeVersion: context.tree?.version,
      committed: mail.committed,
      delivered: mail.delivered === true,
      mailDate: mail.date,
      now: Number.isNaN(now.getTime()) ? new Date() : now,
    },
    CALENDAR,
  );
}

/** Keys of the schema language itself: a member is any other key. */
const SCHEMA_KEYWORDS = new Set([
  'struct',
  'union',
  'alternate',
  'enum',
  'command',
  'event',
  'include',
  'pragma',
  'data',
  'base',
  'returns',
  'type',
  'if',
  'features',
  'name',
  'prefix',
  'discriminator',
  'boxed',
  'gen',
  'success-response',
  'allow-oob',
  'allow-preconfig',
  'coroutine',
]);

/** X.Y of a version string, `9.2.0` → `9.2`. */
const release = (v: string): string => v.split('.').slice(0, 2).join('.');

const NOVELTY =
  ' New means added by the patch and removed nowhere in it nor by an earlier patch of its series (moved code ' +
  'is not new; nor is a type renamed with its doc); a new type the patch gives an existing member may keep an ' +
  "older release (the member's); a member is new only when the patch adds it to the " +
  'definition, not when it only documents it. A new member needs its own "(Since X.Y)" only in a definition ' +
  'whose visible Since section names an earlier release and that its series did not create.';

const rule: Rule = {
  meta: {
    id: 'qapi/since-version',
    description: 'new definitions say "Since: X.Y" and new members "(Since X.Y)" of the release under development, in the documented form',
    severity: 'warning',
    source: {
      title: 'docs/devel/qapi-code-gen.rst, "Definition documentation" and "Markup pitfalls"',
      quote: 'A "Since: x.y.z" tagged section lists the release that introduced the definition.',
    },
    messages: {
      wrongRelease: '{{what}} names {{given}}, but {{basis}} means {{expected}}',
      placeholder: '{{what}} is a placeholder: {{basis}} means {{expected}}',
      missingSince: 'new definition {{name}} has no "Since: {{expected}}" section',
      missingMemberSince: 'new member @{{name}} of an existing definition has no "(Since {{expected}})"',
      badForm: '"{{text}}" is not in the documented form; write "{{fixed}}"',
      falseSection:
        '"{{text}}" is no Since section to the QAPI generator, only text: write "Since: {{version}}" (case-sensitive, colon right after, after a blank line)',
    },
    details:
      'The release a new definition or member should name comes from, in this order: --qemu-version; the ' +
      "tree's VERSION when it is a development version (10.1.50 means 10.2; 10.1.90, after rc0, means 11.0); " +
      "a commit's committer date (the Action); the Date of a mail that went through the list (List-Id, " +
      'Archived-At or Received headers, a lore or b4 mbox); else today (a `git format-patch` file or `b4 prep ' +
      '--check`, whose Date is only the author date a rebase keeps). A date becomes a release by the calendar ' +
      'in rules/qapi/qemu-releases.json: in development the release being made; in its soft freeze that one or ' +
      'the next, the next suggested; after the hard freeze (rc0) the next only. Placeholders ("Since: FIXME", ' +
      '"(since TBD)") get that release as their fix. Only new definitions and members are judged; malformed ' +
      'sections ("since: 9.0", "Since 9.0", "Since : 9.0") are reported wherever they are changed.' +
      NOVELTY,
  },
  create(context) {
    // Worked out at the first doc block: most patches of an archive have none.
    let expected: Expected | null = null;
    let expectedKnown = false;
    const novelty = noveltyOf(context);

    function report(file: ChangedFile, line: DocLine, problem: Omit<Problem, 'file' | 'line'>): void {
      context.report({ file: file.path, line: line.line, ...problem });
    }

    /** The commit message claims the old release on purpose ('Claim "Since: 3.0" for the new enum, because ...'). */
    let message: string | undefined;
    const explained = (version: string): boolean =>
      new RegExp(`\\bsince:?\\s*"?${version.replace(/\./g, '\\.')}(?![.\\d])`, 'i').test((message ??= context.patch.commit.body.map((l) => l.text).join('\n')));

    /**
     * The patch gives a member it keeps the new type `name` (`'fd': 'String'` becomes `'fd':
     * 'FdSocketAddress'`): the type takes over a piece of the interface that was there before, and
     * may keep that piece's release. Type names are not part of the wire format.
     */
    let removedMembers: Set<string> | undefined;
    function takesOverMember(name: string): boolean {
      const schemaLines = (kind: 'add' | 'del') =>
        context.patch.files.filter((f) => f.path.endsWith('.json')).flatMap((f) => f.hunks.flatMap((h) => h.lines.filter((l) => l.kind === kind)));
      removedMembers ??= new Set(
        schemaLines('del')
          .flatMap((l) => [...l.text.matchAll(/'(\*?[\w-]+)'\s*:/g)].map((m) => m[1]!))
          .filter((key) => !SCHEMA_KEYWORDS.has(key)),
      );
      if (removedMembers.size === 0) return false;
      const typed = new RegExp(`'(\\*?[\\w-]+)'\\s*:\\s*(?:\\[\\s*|\\{\\s*'type'\\s*:\\s*\\[?\\s*)?'${name}'`);
      return schemaLines('add').some((l) => {
        const m = typed.exec(l.text);
        return m !== null && removedMembers!.has(m[1]!);
      });
    }

    /** The version a note names, checked against the release under development. */
    function checkVersion(file: ChangedFile, line: DocLine, what: string, given: string, column: number): void {
      if (!expected || !VERSION.test(given)) return;
      if (expected.accept.some((v) => compareVersions(release(given), v) === 0)) return;
      report(file, line, {
        messageKey: 'wrongRelease',
        data: { what, given, basis: expected.basis, expected: expected.suggest },
        column,
        endColumn: column + given.length,
        fix: { edits: [{ line: line.line, start: column - 1, end: column - 1 + given.length, text: expected.suggest }] },
      });
    }

    /** `text` (a placeholder note at `column`) replaced by `fixed` once the release is known. */
    function reportPlaceholder(file: ChangedFile, line: DocLine, what: string, text: string, column: number, fixed: (release: string) => string): void {
      if (!expected) return;
      report(file, line, {
        messageKey: 'placeholder',
        data: { what, basis: expected.basis, expected: expected.suggest },
        column,
        endColumn: column + text.length,
        fix: { edits: [{ line: line.line, start: column - 1, end: column - 1 + text.length, text: fixed(expected.suggest) }] },
      });
    }

    function checkDefinitionSince(block: DocBlock, file: SchemaFile): void {
      const symbol = block.symbol;
      if (!symbol || !novelty.isNewDefinition(file, block)) return;
      const since = block.sections.find((s) => s.kind === 'tagged' && s.tag === 'Since');
      if (!since) {
        // A Since paragraph the generator does not take is reported as such, with the release.
        if (block.closed && expected && falseSections(block).length === 0) {
          report(
            file,
            block.lines.find((l) => l.line === symbol.line)!,
            { messageKey: 'missingSince', data: { name: symbol.name, expected: expected.suggest } },
          );
        }
        return;
      }
      const first = since.lines[0]!;
      const value = first.text.replace(/^\s*Since:\s*/, '').trim();
      if (PLACEHOLDER.test(value) && expected) {
        reportPlaceholder(file, first, `"Since: ${value}" of new definition ${symbol.name}`, value, first.raw.indexOf(value) + 1, (r) => r);
        return;
      }
      if (!VERSION.test(value)) {
        report(file, first, { messageKey: 'badForm', data: { text: first.text.trim(), fixed: `Since: ${expected?.suggest ?? 'X.Y'}` } });
        return;
      }
      if (explained(value)) return;
      if (expected && compareVersions(release(value), expected.suggest) < 0 && takesOverMember(symbol.name)) return;
      checkVersion(file, first, `"Since: ${value}" of new definition ${symbol.name}`, value, first.raw.indexOf(value) + 1);
    }

    /** The definition's own Since names an old release the commit message explains: its members' notes belong to that claim. */
    function claimExplained(block: DocBlock): boolean {
      const since = block.sections.find((s) => s.kind === 'tagged' && s.tag === 'Since');
      const value = since?.lines[0]?.text.replace(/^\s*Since:\s*/, '').trim();
      return value !== undefined && VERSION.test(value) && explained(value);
    }

    /** Descriptions of members the patch adds: their note names the release; in a released definition, they need one. */
    function checkMemberSince(block: DocBlock, file: SchemaFile): void {
      const old = expected !== null && releasedBefore(block, file, novelty, expected);
      for (const section of block.sections) {
        // 'description' is a member or a feature when a hunk hides which; features carry no note.
        if ((section.kind !== 'member' && section.kind !== 'description') || !section.name) continue;
        const head = section.lines[0]!;
        if (!novelty.isNewMemberDoc(file, block, head.line, section.name)) continue;
        const found = findMemberSince(section);
        if (!found) {
          // A description cut off from its block is a member's when the definition lists it (features carry no note).
          if (old && expected && (section.kind === 'member' || documentedMember(file, block, section.name) !== undefined)) {
            report(file, head, { messageKey: 'missingMemberSince', data: { name: section.name, expected: expected.suggest } });
          }
          continue;
        }
        const { line, match } = found;
        if (PLACEHOLDER.test(match[3]!) && expected) {
          reportPlaceholder(file, line, `"${match[0]}" of new member @${section.name}`, match[0], line.raw.indexOf(match[0]) + 1, (r) => `(Since ${r})`);
          continue;
        }
        if (match[2] === ':') {
          report(file, line, { messageKey: 'badForm', data: { text: match[0], fixed: `(Since ${match[3]})` }, column: line.raw.indexOf(match[0]) + 1 });
        }
        if (claimExplained(block) || explained(match[3]!)) continue;
        checkVersion(file, line, `"${match[0]}" of new member @${section.name}`, match[3]!, line.raw.indexOf(match[3]!, line.raw.indexOf(match[0])) + 1);
      }
    }

    /** Paragraphs that are only a version note but no Since section: `Since 9.0`, `since: 9.0`. */
    function falseSections(block: DocBlock): DocLine[] {
      return block.paragraphs
        .filter((p) => p.lines.length === 1 && p.lines[0]!.role === 'doc-prose' && p.lead === '' && p.lines[0]!.indent === 0)
        .map((p) => p.lines[0]!)
        .filter((line) => FALSE_SECTION.test(line.text.trim()));
    }

    function checkFalseSections(block: DocBlock, file: SchemaFile): void {
      const lines = falseSections(block);
      if (lines.length === 0) return;
      // On a new definition, the one finding says which release the section it asks for names.
      const isNew = block.symbol !== null && novelty.isNewDefinition(file, block);
      for (const first of lines) {
        const given = /\d+\.\d+(?:\.\d+)?/.exec(first.text)?.[0];
        const accepted = given !== undefined && expected !== null && expected.accept.some((v) => compareVersions(release(given), v) === 0);
        const version = isNew && expected && !accepted && !(given !== undefined && explained(given)) ? expected.suggest : (given ?? 'X.Y');
        report(file, first, { messageKey: 'falseSection', data: { text: first.text.trim(), version }, column: first.raw.length - first.text.length + 1 });
      }
    }

    return {
      qapiDoc(block, file) {
        if (!expectedKnown) {
          expected = expectedRelease(context);
          expectedKnown = true;
        }
        checkFalseSections(block, file);
        if (block.freeForm) return;
        checkDefinitionSince(block, file);
        checkMemberSince(block, file);
      },
    };
  },
};

/**
 * The definition was released before the release under development, so a
 * member added now needs its own note: its Since section is visible and
 * names an earlier release, and the patch neither writes that section nor
 * creates the definition (a moved one was there before).  A definition an
 * earlier patch of the series created is new with all its members, and
 * where the Since section is out of sight nothing is asserted.
 */
function releasedBefore(block: DocBlock, file: SchemaFile, novelty: Novelty, expected: Expected): boolean {
  if (file.whole) return false;
  // The `# @Name:` line may be cut off while the definition it documents is in sight.
  const name = block.symbol?.name ?? definitionOf(file, block)?.name ?? undefined;
  if (name && novelty.createdInSeries(name)) return false;
  const since = block.sections.find((s) => s.kind === 'tagged' && s.tag === 'Since');
  if (!since) return false;
  const unchanged = file.view.line(since.line)?.added === false;
  if (!unchanged && !(name && novelty.existedBefore(name))) return false;
  const value = since.lines[0]!.text.replace(/^\s*Since:\s*/, '').trim();
  return VERSION.test(value) && expected.accept.every((v) => compareVersions(release(value), v) < 0);
}

/** The `(Since x.y)` note of a member description, wherever in it. */
function findMemberSince(section: DocSection): { line: DocLine; match: RegExpExecArray } | null {
  for (const line of section.lines) {
    const match = MEMBER_SINCE.exec(line.text);
    if (match) return { line, match };
  }
  return null;
}

export default rule;
