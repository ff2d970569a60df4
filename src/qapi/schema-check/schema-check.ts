/**
 * The schema checks: types referred to exist and are of the right kind,
 * members do not clash in generated C, unions and alternates can tell
 * their branches apart, and doc comments describe exactly what exists.
 * Entities are checked in definition order and each one's doc comment is
 * connected right after it, so the first error is QEMU's first error.
 */
import { connectDoc, checkDocsDescribeOnlyExisting } from './doc-coverage.js';
import type { Generation } from './generation.js';
import { cName } from './names.js';
import type { Pragmas } from './pragmas.js';
import { isTruthy } from './python-compat.js';
import type { Schema } from './schema-build.js';
import {
  AlternateType,
  ArrayType,
  CommandOrEvent,
  DefinitionEntity,
  EnumType,
  Member,
  ObjectMember,
  ObjectType,
  TypeEntity,
  type UnionBranches,
} from './schema-model.js';
import type { DocComment } from './doc-model.js';
import { semanticError, type SourceInfo } from './source-info.js';

const MAX_FEATURES = 64;

/**
 * Types contain types (a base, a union's branches) at most this deep. QEMU's deepest chain is a
 * few levels; checking recurses per level, so a schema with 20,000 structs each the base of the
 * next would otherwise overflow the stack (QEMU's Python gives up on its recursion limit).
 */
export const MAX_CONTAINMENT = 256;

export interface CheckContext {
  schema: Schema;
  pragmas: Pragmas;
  generation: Generation;
}

export function checkSchemaEntities(ctx: CheckContext, docs: DocComment[]): void {
  for (const entity of ctx.schema.entities) {
    if (!(entity instanceof DefinitionEntity)) continue;
    checkEntity(ctx, entity);
    connectDoc(entity, ctx);
  }
  for (const doc of docs) checkDocsDescribeOnlyExisting(doc);
  const features = [...ctx.schema.featureNames.values()];
  if (features.length > MAX_FEATURES) {
    throw semanticError(features[MAX_FEATURES]!.info, `Maximum of ${MAX_FEATURES} schema features is permitted`);
  }
}

function checkEntity(ctx: CheckContext, entity: DefinitionEntity): void {
  if (entity instanceof ObjectType) return checkObject(ctx, entity);
  entity.checkStarted = true;
  checkDefinitionFeatures(entity);
  if (entity instanceof EnumType) {
    const seen = new Map<string, Member>();
    for (const v of entity.values) checkClash(v, entity.info, seen);
  } else if (entity instanceof ArrayType) {
    entity.elementType = ctx.schema.resolveType(entity.elementTypeName, entity.info, entity.info?.definition?.meta ?? '');
  } else if (entity instanceof AlternateType) {
    checkAlternate(ctx, entity);
  } else if (entity instanceof CommandOrEvent) {
    checkCommandOrEvent(ctx, entity);
  }
}

/** Features must not clash; types may not use the special ones, which only mean something elsewhere. */
function checkDefinitionFeatures(entity: DefinitionEntity): void {
  const seen = new Map<string, Member>();
  for (const f of entity.features) checkClash(f, entity.info, seen);
  if (entity instanceof TypeEntity) {
    const special = entity.features.find((f) => f.isSpecial());
    if (special) throw semanticError(entity.info, `feature '${special.name}' is not supported for types`);
  }
}

/** Two members clash when their C names do ('a-b' and 'a_b'); `info` is the definition being checked. */
function checkClash(member: Member, info: SourceInfo | null, seen: Map<string, Member>): void {
  const c = cName(member.name);
  const other = seen.get(c);
  if (other) throw semanticError(info, `${member.describe(info)} collides with ${other.describe(info)}`);
  seen.set(c, member);
}

/** Every member of `type` (base, local and, for a union, each branch's) against `seen`. */
function checkObjectClash(type: ObjectType, info: SourceInfo | null, seen: Map<string, Member>): void {
  for (const m of type.members) checkClash(m, info, seen);
  if (type.union) checkBranchClash(type.union, info, seen);
}

/** Branches are alternatives, so each is checked against the common members only. */
function checkBranchClash(union: UnionBranches, info: SourceInfo | null, seen: Map<string, Member>): void {
  for (const b of union.branches) checkObjectClash(b.type as ObjectType, info, new Map(seen));
}

function checkMember(ctx: CheckContext, member: ObjectMember): void {
  member.type = ctx.schema.resolveType(member.typeName, member.info, member.describe(member.info));
  const seen = new Map<string, Member>();
  for (const f of member.features) checkClash(f, member.info, seen);
}

/**
 * A struct or union.  A type is checked when another type's C struct
 * contains it (as base or branch), so a type containing itself is caught.
 */
function checkObject(ctx: CheckContext, type: ObjectType, depth = 0): void {
  if (type.checkDone) return;
  if (type.checkStarted) throw semanticError(type.info, `object ${type.name} contains itself`);
  if (depth >= MAX_CONTAINMENT) {
    throw semanticError(type.info, `nested too deeply: ${type.describe()} is more than ${MAX_CONTAINMENT} levels of base and branch types down`);
  }
  type.checkStarted = true;
  checkDefinitionFeatures(type);
  const seen = new Map<string, Member>();
  if (isTruthy(type.baseName)) {
    const base = ctx.schema.resolveType(type.baseName!, type.info, "'base'");
    if (!(base instanceof ObjectType) || base.union) {
      throw semanticError(type.info, `'base' requires a struct type, ${base.describe()} isn't`);
    }
    type.base = base;
    checkObject(ctx, base, depth + 1);
    checkObjectClash(base, type.info, seen);
  }
  for (const m of type.localMembers) {
    checkMember(ctx, m);
    checkClash(m, type.info, seen);
  }
  const members = [...seen.values()] as ObjectMember[];
  if (type.union) {
    checkUnionBranches(ctx, type.union, seen, depth);
    checkBranchClash(type.union, type.info, seen);
  }
  type.members = members;
  type.checkDone = true;
}

/** The discriminator is a required, unconditional enum member of the base; each branch is an enum value. */
function checkUnionBranches(ctx: CheckContext, union: UnionBranches, seen: Map<string, Member>, depth: number): void {
  const { tagName, info } = union;
  const tag = seen.get(cName(tagName)) as ObjectMember | undefined;
  if (!tag || tag.name !== tagName) throw semanticError(info, `discriminator '${tagName}' is not a member of 'base'`);
  union.tagMember = tag;
  const baseType = ctx.schema.lookupType(tag.definedIn)!;
  const base = baseType.isImplicit() ? "'base'" : `base type '${tag.definedIn}'`;
  const tagType = tag.type;
  if (!(tagType instanceof EnumType)) {
    throw semanticError(info, `discriminator member '${tagName}' of ${base} must be of enum type`);
  }
  if (tag.optional) throw semanticError(info, `discriminator member '${tagName}' of ${base} must not be optional`);
  if (isTruthy(tag.ifcond)) {
    throw semanticError(info, `discriminator member '${tagName}' of ${base} must not be conditional`);
  }
  // Values without a branch of their own get an empty one.
  const covered = new Set(union.branches.map((b) => b.name));
  for (const v of tagType.values) {
    if (covered.has(v.name)) continue;
    const empty = new ObjectMember('branch', v.name, info, 'q_empty', false, v.ifcond, []);
    empty.definedIn = tag.definedIn;
    union.branches.push(empty);
  }
  if (union.branches.length === 0) throw semanticError(info, 'union has no branches');
  const values = new Set(tagType.values.map((v) => v.name));
  for (const b of union.branches) {
    checkMember(ctx, b);
    if (!values.has(b.name)) throw semanticError(info, `branch '${b.name}' is not a value of ${tagType.describe()}`);
    if (!(b.type instanceof ObjectType)) throw semanticError(info, `${b.describe(info)} cannot use ${b.type!.describe()}`);
    checkObject(ctx, b.type, depth + 1);
  }
}

/** What QEMU's input visitor sees of a value of each JSON type. */
const QTYPE_OF_JSON: Partial<Record<string, string>> = {
  null: 'QTYPE_QNULL',
  string: 'QTYPE_QSTRING',
  number: 'QTYPE_QNUM',
  int: 'QTYPE_QNUM',
  boolean: 'QTYPE_QBOOL',
  array: 'QTYPE_QLIST',
  object: 'QTYPE_QDICT',
};

/**
 * Alternatives must be told apart by JSON type.  Strings are special: an
 * enum's values or a plain string may also be how command line options
 * spell numbers and booleans ('on', 'off'), so those conflict too.
 */
function checkAlternate(ctx: CheckContext, alternate: AlternateType): void {
  checkMember(ctx, alternate.tagMember);
  for (const a of alternate.alternatives) checkMember(ctx, a);
  const seen = new Map<string, Member>();
  const takenBy = new Map<string, string>();
  for (const a of alternate.alternatives) {
    checkClash(a, alternate.info, seen);
    const type = a.type!;
    const qtype = QTYPE_OF_JSON[type.jsonType()];
    if (!qtype) throw semanticError(alternate.info, `${a.describe(alternate.info)} cannot use ${type.describe()}`);
    const conflicting = new Set([qtype]);
    if (qtype === 'QTYPE_QSTRING') {
      if (type instanceof EnumType) {
        for (const v of type.values) {
          if (v.name === 'on' || v.name === 'off') conflicting.add('QTYPE_QBOOL');
          if (/^[-+0-9.]/.test(v.name)) conflicting.add('QTYPE_QNUM');
        }
      } else {
        conflicting.add('QTYPE_QNUM');
        conflicting.add('QTYPE_QBOOL');
      }
    }
    for (const qt of conflicting) {
      const other = takenBy.get(qt);
      if (other !== undefined) {
        throw semanticError(alternate.info, `${a.describe(alternate.info)} can't be distinguished from '${other}'`);
      }
      takenBy.set(qt, a.name);
    }
  }
}

/**
 * Arguments are an object type, a union only when boxed, and conditional
 * members need boxing too; a command returns objects (or arrays of them)
 * unless a pragma excepts it.
 */
function checkCommandOrEvent(ctx: CheckContext, c: CommandOrEvent): void {
  const { meta, info } = c;
  if (isTruthy(c.argTypeName)) {
    const args = ctx.schema.resolveType(c.argTypeName!, info, `${meta}'s 'data'`);
    if (!(args instanceof ObjectType)) throw semanticError(info, `${meta}'s 'data' cannot take ${args.describe()}`);
    c.argType = args;
    if (args.union && !c.boxed) {
      throw semanticError(info, `${meta}'s 'data' can take ${args.describe()} only with 'boxed': true`);
    }
    checkObject(ctx, args);
    if (args.hasConditionalMembers() && !c.boxed) {
      throw semanticError(info, `conditional ${meta} arguments require 'boxed': true`);
    }
  }
  if (isTruthy(c.returnTypeName)) {
    const returns = ctx.schema.resolveType(c.returnTypeName!, info, "command's 'returns'");
    c.returnType = returns;
    if (!ctx.pragmas.commandReturnsExceptions.includes(c.name)) {
      const element = returns instanceof ArrayType ? returns.elementType : returns;
      if (!(element instanceof ObjectType)) {
        throw semanticError(info, `command's 'returns' cannot take ${returns.describe()}`);
      }
    }
  }
}
