/**
 * Turning checked definitions into schema entities, in QEMU's order:
 * built-in types first, then each definition after the implicit types it
 * needs (array types for [ 'T' ] references, object types for 'data' and
 * 'base' objects).  A name defined twice is an error here, before any
 * type is checked.
 */
import type { CheckedExpression, Condition, Definition, FeatureSpec, MemberSpec, TypeRef } from './definitions.js';
import { errorAt, semanticError, type SourceInfo } from './source-info.js';
import {
  AlternateType,
  ArrayType,
  BuiltinType,
  CommandOrEvent,
  DefinitionEntity,
  EnumType,
  EnumValue,
  Feature,
  IncludeEntity,
  ObjectMember,
  ObjectType,
  TypeEntity,
  UnionBranches,
  type Entity,
  type JsonType,
} from './schema-model.js';

const BUILTIN_TYPES: [string, JsonType][] = [
  ['str', 'string'],
  ['number', 'number'],
  ['int', 'int'],
  ['int8', 'int'],
  ['int16', 'int'],
  ['int32', 'int'],
  ['int64', 'int'],
  ['uint8', 'int'],
  ['uint16', 'int'],
  ['uint32', 'int'],
  ['uint64', 'int'],
  ['size', 'int'],
  ['bool', 'boolean'],
  ['any', 'value'],
  ['null', 'null'],
];

const QTYPE_VALUES = ['none', 'qnull', 'qnum', 'qstring', 'qdict', 'qlist', 'qbool'];

export class Schema {
  readonly entities: Entity[] = [];
  private readonly byName = new Map<string, DefinitionEntity>();
  /** Every feature name, first use first; the special ones come predefined. */
  readonly featureNames = new Map<string, Feature>([
    ['deprecated', new Feature('deprecated', null)],
    ['unstable', new Feature('unstable', null)],
  ]);
  readonly emptyObject: ObjectType;

  constructor(expressions: CheckedExpression[]) {
    for (const [name, json] of BUILTIN_TYPES) {
      this.define(new BuiltinType(name, json));
      this.arrayOf(name, null);
    }
    this.emptyObject = new ObjectType('q_empty', null, undefined, undefined, [], undefined, [], undefined);
    this.define(this.emptyObject);
    const qtypeValues = QTYPE_VALUES.map((n) => new EnumValue(n, null, undefined, []));
    this.define(new EnumType('QType', null, undefined, undefined, [], qtypeValues));
    for (const e of expressions) {
      if (e.meta === 'include') this.entities.push(new IncludeEntity(e.file, e.info));
      else this.defineFrom(e);
    }
  }

  lookupType(name: string): TypeEntity | undefined {
    const entity = this.byName.get(name);
    return entity instanceof TypeEntity ? entity : undefined;
  }

  /** The type called `name`; `what` says who refers to it, for the error. */
  resolveType(name: string, info: SourceInfo | null, what: string): TypeEntity {
    const type = this.lookupType(name);
    if (!type) throw semanticError(info, `${what} uses unknown type '${name}'`);
    return type;
  }

  private define(entity: DefinitionEntity): void {
    this.entities.push(entity);
    const previous = this.byName.get(entity.name);
    if (previous) {
      if (previous.info) {
        throw semanticError(entity.info, `'${entity.name}' is already defined`, [errorAt(previous.info, 'previous definition')]);
      }
      throw semanticError(entity.info, `${previous.describe()} is already defined`);
    }
    this.byName.set(entity.name, entity);
  }

  private defineFrom(d: Definition): void {
    const { name, info, doc, ifcond } = d;
    const features = this.features(d.features, info);
    switch (d.meta) {
      case 'enum': {
        const values = d.values.map((v) => new EnumValue(v.name, info, v.ifcond, this.features(v.features, info)));
        return this.define(new EnumType(name, info, doc, ifcond, features, values));
      }
      case 'struct':
        return this.define(new ObjectType(name, info, doc, ifcond, features, d.base, this.members(d.members, info), undefined));
      case 'union': {
        const base = typeof d.base === 'string' ? d.base : this.implicitObject(name, 'base', info, ifcond, d.base);
        const branches = d.branches.map((b) => this.branch(b.name, b.type, b.ifcond, info));
        const union = new UnionBranches(info, branches, d.discriminator);
        return this.define(new ObjectType(name, info, doc, ifcond, features, base, [], union));
      }
      case 'alternate': {
        const alternatives = d.branches.map((b) => this.branch(b.name, b.type, b.ifcond, info));
        return this.define(new AlternateType(name, info, doc, ifcond, features, alternatives));
      }
      case 'command':
      case 'event': {
        const args = typeof d.data === 'object' ? this.implicitObject(name, 'arg', info, ifcond, d.data) : d.data;
        const returns = d.meta === 'command' && d.returns !== undefined ? this.typeName(d.returns, info) : undefined;
        return this.define(new CommandOrEvent(d.meta, name, info, doc, ifcond, features, args, returns, d.boxed));
      }
    }
  }

  private features(specs: FeatureSpec[], info: SourceInfo): Feature[] {
    for (const f of specs) if (!this.featureNames.has(f.name)) this.featureNames.set(f.name, new Feature(f.name, info));
    return specs.map((f) => new Feature(f.name, info, f.ifcond));
  }

  private members(specs: MemberSpec[], info: SourceInfo): ObjectMember[] {
    return specs.map((m) => {
      const optional = m.key.startsWith('*');
      const name = optional ? m.key.slice(1) : m.key;
      const type = this.typeName(m.type, info);
      return new ObjectMember('member', name, info, type, optional, m.ifcond, this.features(m.features, info));
    });
  }

  private branch(name: string, type: TypeRef, ifcond: Condition, info: SourceInfo): ObjectMember {
    return new ObjectMember('branch', name, info, this.typeName(type, info), false, ifcond, []);
  }

  /** The name of a referenced type; [ 'T' ] defines the array type 'TList' on first use. */
  private typeName(ref: TypeRef, info: SourceInfo): string {
    return typeof ref === 'string' ? ref : this.arrayOf(ref.arrayOf, info);
  }

  private arrayOf(element: string, info: SourceInfo | null): string {
    const name = `${element}List`;
    if (!this.lookupType(name)) this.define(new ArrayType(name, info, element));
    return name;
  }

  /** The implicit type of a 'data' or 'base' object; none for an empty one. */
  private implicitObject(owner: string, role: 'arg' | 'base', info: SourceInfo, ifcond: Condition, specs: MemberSpec[]): string | undefined {
    const members = this.members(specs, info);
    if (members.length === 0) return undefined;
    const name = `q_obj_${owner}-${role}`;
    // A second definition of the same name reuses it; its own definition is then reported as a duplicate.
    if (!this.byName.has(name)) this.define(new ObjectType(name, info, undefined, ifcond, [], undefined, members, undefined));
    return name;
  }
}
