/**
 * The schema as a set of entities: types (built-in, enum, array, object,
 * alternate), commands, events and include directives, with their members.
 * Object types cover structs, unions and the implicit types QEMU makes for
 * a command's or event's 'data' object ('q_obj_NAME-arg') and a union's
 * 'base' object ('q_obj_NAME-base').
 */
import type { Condition } from './definitions.js';
import type { DocComment } from './doc-model.js';
import { isTruthy } from './python-compat.js';
import type { SourceInfo } from './source-info.js';

export type MemberRole = 'member' | 'value' | 'feature' | 'branch';

export class Member {
  /** The definition it was declared in; an implicit type's name for members of 'data' and 'base' objects. */
  definedIn = '';

  constructor(
    readonly role: MemberRole,
    readonly name: string,
    readonly info: SourceInfo | null,
    readonly ifcond: Condition = undefined,
  ) {}

  /**
   * How messages name it, seen from the definition `info` belongs to:
   * "member 'a'", "member 'a' of type 'Base'", "parameter 'a'" (of a
   * command's or event's 'data'), "base member 'a'" (of a union's 'base').
   */
  describe(info: SourceInfo | null): string {
    let role: string = this.role;
    let meta = 'type';
    let owner = this.definedIn;
    if (owner.startsWith('q_obj_')) {
      owner = owner.slice('q_obj_'.length);
      if (owner.endsWith('-arg')) {
        role = 'parameter';
        meta = 'command';
        owner = owner.slice(0, -'-arg'.length);
      } else if (owner.endsWith('-base')) {
        role = `base ${role}`;
        owner = owner.slice(0, -'-base'.length);
      }
    }
    return owner !== info?.definition?.name ? `${role} '${this.name}' of ${meta} '${owner}'` : `${role} '${this.name}'`;
  }
}

export class Feature extends Member {
  constructor(name: string, info: SourceInfo | null, ifcond?: Condition) {
    super('feature', name, info, ifcond);
  }

  /** 'deprecated' and 'unstable' mean the same in every schema, and only for some kinds of definition. */
  isSpecial(): boolean {
    return this.name === 'deprecated' || this.name === 'unstable';
  }
}

export class EnumValue extends Member {
  constructor(
    name: string,
    info: SourceInfo | null,
    ifcond: Condition,
    readonly features: Feature[],
  ) {
    super('value', name, info, ifcond);
    // QEMU records a member's features as defined in the member, which shows in clash messages.
    for (const f of features) f.definedIn = name;
  }
}

export class ObjectMember extends Member {
  type: TypeEntity | undefined;

  constructor(
    role: 'member' | 'branch',
    name: string,
    info: SourceInfo,
    readonly typeName: string,
    readonly optional: boolean,
    ifcond: Condition,
    readonly features: Feature[],
  ) {
    super(role, name, info, ifcond);
    for (const f of features) f.definedIn = name;
  }
}

export abstract class DefinitionEntity {
  abstract readonly meta: string;
  /** Set when checking starts: QEMU checks each definition once. */
  checkStarted = false;

  constructor(
    readonly name: string,
    /** Null for built-in types. */
    readonly info: SourceInfo | null,
    readonly doc: DocComment | undefined,
    readonly ifcond: Condition,
    readonly features: Feature[],
  ) {
    for (const f of features) f.definedIn = name;
  }

  describe(): string {
    return `${this.meta} '${this.name}'`;
  }
}

export type JsonType = 'string' | 'number' | 'int' | 'boolean' | 'null' | 'value' | 'array' | 'object';

export abstract class TypeEntity extends DefinitionEntity {
  abstract jsonType(): JsonType;

  isImplicit(): boolean {
    return this.info === null;
  }

  override describe(): string {
    return `${this.meta} type '${this.name}'`;
  }
}

export class BuiltinType extends TypeEntity {
  readonly meta = 'built-in';

  constructor(
    name: string,
    private readonly json: JsonType,
  ) {
    super(name, null, undefined, undefined, []);
  }

  jsonType(): JsonType {
    return this.json;
  }
}

export class EnumType extends TypeEntity {
  readonly meta = 'enum';

  constructor(
    name: string,
    info: SourceInfo | null,
    doc: DocComment | undefined,
    ifcond: Condition,
    features: Feature[],
    readonly values: EnumValue[],
  ) {
    super(name, info, doc, ifcond, features);
    for (const v of values) v.definedIn = name;
  }

  override isImplicit(): boolean {
    return this.name === 'QType';
  }

  jsonType(): JsonType {
    return 'string';
  }
}

export class ArrayType extends TypeEntity {
  readonly meta = 'array';
  elementType: TypeEntity | undefined;

  constructor(
    name: string,
    info: SourceInfo | null,
    readonly elementTypeName: string,
  ) {
    super(name, info, undefined, undefined, []);
  }

  override isImplicit(): boolean {
    return true;
  }

  jsonType(): JsonType {
    return 'array';
  }

  override describe(): string {
    return `array type ['${this.elementTypeName}']`;
  }
}

/** A union's branches: one per value of the discriminator's enum type. */
export class UnionBranches {
  tagMember: ObjectMember | undefined;

  constructor(
    readonly info: SourceInfo,
    readonly branches: ObjectMember[],
    readonly tagName: string,
  ) {}
}

export class ObjectType extends TypeEntity {
  base: ObjectType | undefined;
  /** Base members and local members, once checked. */
  members: ObjectMember[] = [];
  checkDone = false;

  constructor(
    name: string,
    info: SourceInfo | null,
    doc: DocComment | undefined,
    ifcond: Condition,
    features: Feature[],
    readonly baseName: string | undefined,
    readonly localMembers: ObjectMember[],
    readonly union: UnionBranches | undefined,
  ) {
    super(name, info, doc, ifcond, features);
    for (const m of localMembers) m.definedIn = name;
    for (const b of union?.branches ?? []) b.definedIn = name;
  }

  get meta(): 'union' | 'struct' {
    return this.union ? 'union' : 'struct';
  }

  /** QEMU's own names: q_empty and the q_obj_ types it makes for 'data' and 'base' objects. */
  override isImplicit(): boolean {
    return this.name.startsWith('q_');
  }

  hasConditionalMembers(): boolean {
    return this.members.some((m) => isTruthy(m.ifcond));
  }

  jsonType(): JsonType {
    return 'object';
  }
}

export class AlternateType extends TypeEntity {
  readonly meta = 'alternate';
  /** QEMU dispatches on the JSON type of the value, as a 'QType' tag. */
  readonly tagMember: ObjectMember;

  constructor(
    name: string,
    info: SourceInfo,
    doc: DocComment | undefined,
    ifcond: Condition,
    features: Feature[],
    readonly alternatives: ObjectMember[],
  ) {
    super(name, info, doc, ifcond, features);
    for (const a of alternatives) a.definedIn = name;
    this.tagMember = new ObjectMember('member', 'type', info, 'QType', false, undefined, []);
    this.tagMember.definedIn = name;
  }

  jsonType(): JsonType {
    return 'value';
  }
}

export class CommandOrEvent extends DefinitionEntity {
  argType: ObjectType | undefined;
  returnType: TypeEntity | undefined;

  constructor(
    readonly meta: 'command' | 'event',
    name: string,
    info: SourceInfo,
    doc: DocComment | undefined,
    ifcond: Condition,
    features: Feature[],
    readonly argTypeName: string | undefined,
    readonly returnTypeName: string | undefined,
    readonly boxed: boolean,
  ) {
    super(name, info, doc, ifcond, features);
  }
}

export class IncludeEntity {
  constructor(
    readonly file: string,
    readonly info: SourceInfo,
  ) {}
}

export type Entity = DefinitionEntity | IncludeEntity;
