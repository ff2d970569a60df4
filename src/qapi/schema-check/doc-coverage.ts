/**
 * Doc comments against the definitions they document: every member,
 * value, branch and feature described (QEMU 9.0 on; pragma
 * 'documentation-exceptions' lists the definitions let off), and nothing
 * described that does not exist.
 */
import type { DocComment } from './doc-model.js';
import type { Generation } from './generation.js';
import type { Pragmas } from './pragmas.js';
import { AlternateType, CommandOrEvent, EnumType, ObjectType, type DefinitionEntity, type Feature, type Member } from './schema-model.js';
import { semanticError } from './source-info.js';

interface CoverageContext {
  pragmas: Pragmas;
  generation: Generation;
}

/** Marks what `entity`'s doc comment describes, and fails on what it should but does not. */
export function connectDoc(entity: DefinitionEntity, ctx: CoverageContext): void {
  const doc = entity.doc;
  if (!doc) return;
  for (const f of entity.features) connectFeature(doc, f);
  if (entity instanceof EnumType) {
    for (const v of entity.values) {
      connectMember(doc, v, ctx);
      for (const f of v.features) connectFeature(doc, f);
    }
  } else if (entity instanceof ObjectType) {
    connectObjectMembers(entity, doc, ctx);
  } else if (entity instanceof AlternateType) {
    for (const a of entity.alternatives) connectMember(doc, a, ctx);
  } else if (entity instanceof CommandOrEvent) {
    // Members of a 'data' object are documented with the command or event.
    if (entity.argType?.isImplicit()) connectObjectMembers(entity.argType, doc, ctx);
  }
}

/** An object's own members, and those of an implicit base, which the union's doc comment describes. */
function connectObjectMembers(type: ObjectType, doc: DocComment, ctx: CoverageContext): void {
  if (type.base?.isImplicit()) connectObjectMembers(type.base, doc, ctx);
  for (const m of type.localMembers) {
    connectMember(doc, m, ctx);
    for (const f of m.features) connectFeature(doc, f);
  }
}

function connectMember(doc: DocComment, member: Member, ctx: CoverageContext): void {
  const description = doc.members.get(member.name);
  if (description) {
    description.described = true;
    return;
  }
  const excepted = doc.symbol !== undefined && ctx.pragmas.documentationExceptions.includes(doc.symbol);
  if (ctx.generation.memberDocsRequired && !excepted) {
    throw semanticError(member.info, `${member.role} '${member.name}' lacks documentation`);
  }
}

function connectFeature(doc: DocComment, feature: Feature): void {
  const description = doc.features.get(feature.name);
  if (!description) throw semanticError(feature.info, `feature '${feature.name}' lacks documentation`);
  description.described = true;
}

/** Descriptions of members or features the definition does not have. */
export function checkDocsDescribeOnlyExisting(doc: DocComment): void {
  for (const [table, what] of [
    [doc.members, 'member'],
    [doc.features, 'feature'],
  ] as const) {
    const bogus = [...table.values()].filter((d) => !d.described);
    if (bogus.length === 0) continue;
    const names = bogus.map((d) => d.name).join("', '");
    const plural = bogus.length > 1;
    throw semanticError(bogus[0]!.info, `documented ${what}${plural ? 's' : ''} '${names}' ${plural ? 'do' : 'does'} not exist`);
  }
}
