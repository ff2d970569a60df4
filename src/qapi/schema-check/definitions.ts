/**
 * Definitions as the expression checks leave them: every shorthand
 * expanded ('data': { 'a': 'int' } to a member with type 'int', features
 * and enum values given as bare strings to named objects), every value of
 * the right shape.  The schema checks work on these.
 */
import type { DocComment } from './doc-model.js';
import type { SourceInfo } from './source-info.js';
import type { Value } from './values.js';

/** An 'if' condition as written; QEMU only asks whether one is present. */
export type Condition = Value | undefined;

/** A type reference: a type name, or an array of the named type. */
export type TypeRef = string | { arrayOf: string };

export interface FeatureSpec {
  name: string;
  ifcond: Condition;
}

export interface MemberSpec {
  /** As written, '*' marking an optional member. */
  key: string;
  type: TypeRef;
  ifcond: Condition;
  features: FeatureSpec[];
}

export interface EnumValueSpec {
  name: string;
  ifcond: Condition;
  features: FeatureSpec[];
}

export interface BranchSpec {
  name: string;
  type: TypeRef;
  ifcond: Condition;
}

interface Common {
  name: string;
  info: SourceInfo;
  doc: DocComment | undefined;
  ifcond: Condition;
  features: FeatureSpec[];
}

export interface EnumDef extends Common {
  meta: 'enum';
  values: EnumValueSpec[];
}

export interface StructDef extends Common {
  meta: 'struct';
  base: string | undefined;
  members: MemberSpec[];
}

export interface UnionDef extends Common {
  meta: 'union';
  /** A type name, or the members of an implicit base type. */
  base: string | MemberSpec[];
  discriminator: string;
  branches: BranchSpec[];
}

export interface AlternateDef extends Common {
  meta: 'alternate';
  branches: BranchSpec[];
}

export interface CommandDef extends Common {
  meta: 'command';
  /** A type name, or the members of an implicit argument type. */
  data: string | MemberSpec[] | undefined;
  returns: TypeRef | undefined;
  boxed: boolean;
}

export interface EventDef extends Common {
  meta: 'event';
  data: string | MemberSpec[] | undefined;
  boxed: boolean;
}

export type Definition = EnumDef | StructDef | UnionDef | AlternateDef | CommandDef | EventDef;

export type CheckedExpression = Definition | { meta: 'include'; file: string; info: SourceInfo };
