/**
 * Checks of the parts definitions share: keys of an object, 'if'
 * conditions, 'features' lists, type references and member lists.  Each
 * returns the part in its expanded form (definitions.ts).
 *
 * `source` is how QEMU's messages name the thing checked ("'data' member
 * 'a'", "'features' member"); the messages depend on it.
 */
import type { Condition, FeatureSpec, MemberSpec, TypeRef } from './definitions.js';
import { checkLowerName, cName } from './names.js';
import { sortedStrings } from './python-compat.js';
import { semanticError, type SourceInfo } from './source-info.js';
import { isMap, type Value, type ValueMap } from './values.js';

const quoted = (keys: Iterable<string>): string =>
  sortedStrings(keys)
    .map((k) => `'${k}'`)
    .join(', ');

/** Missing keys first, then unknown ones, each listed sorted. */
export function checkKeys(object: ValueMap, info: SourceInfo, source: string, required: string[], optional: string[]): void {
  const missing = required.filter((k) => !object.has(k));
  if (missing.length > 0) {
    throw semanticError(info, `${source} misses key${missing.length > 1 ? 's' : ''} ${quoted(missing)}`);
  }
  const allowed = new Set([...required, ...optional]);
  const unknown = [...object.keys()].filter((k) => !allowed.has(k));
  if (unknown.length > 0) {
    throw semanticError(info, `${source} has unknown key${unknown.length > 1 ? 's' : ''} ${quoted(unknown)}\nValid keys are ${quoted(allowed)}.`);
  }
}

export function checkNameIsString(name: Value | undefined, info: SourceInfo, source: string): asserts name is string {
  if (typeof name !== 'string') throw semanticError(info, `${source} requires a string name`);
}

/** The 'if' of `object`: a CONFIG_LIKE_NAME, or { 'all'|'any': [...] }, { 'not': ... }. */
export function checkCondition(object: ValueMap, info: SourceInfo, source: string): Condition {
  const ifcond = object.get('if');
  if (ifcond !== undefined) checkConditionValue(ifcond, info, source);
  return ifcond;
}

function checkConditionValue(cond: Value, info: SourceInfo, source: string): void {
  if (typeof cond === 'string') {
    if (!/^[A-Z][A-Z0-9_]*$/.test(cond)) {
      throw semanticError(info, `'if' condition '${cond}' of ${source} is not a valid identifier`);
    }
    return;
  }
  if (!isMap(cond)) throw semanticError(info, `'if' condition of ${source} must be a string or an object`);
  checkKeys(cond, info, `'if' condition of ${source}`, [], ['all', 'any', 'not']);
  const [only, ...others] = cond;
  if (!only || others.length > 0) throw semanticError(info, `'if' condition of ${source} has conflicting keys`);
  const [operator, operand] = only;
  if (operator === 'not') {
    checkConditionValue(operand, info, source);
    return;
  }
  if (!Array.isArray(operand)) throw semanticError(info, `'${operator}' condition of ${source} must be an array`);
  if (operand.length === 0) throw semanticError(info, `'if' condition [] of ${source} is useless`);
  for (const c of operand) checkConditionValue(c, info, source);
}

/** A 'features' list: names (or { 'name', 'if' } objects) of lower-case features. */
export function checkFeatures(features: Value | undefined, info: SourceInfo): FeatureSpec[] {
  if (features === undefined) return [];
  if (!Array.isArray(features)) throw semanticError(info, "'features' must be an array");
  return features.map((f) => {
    const feature: ValueMap = isMap(f) ? f : new Map([['name', f]]);
    checkKeys(feature, info, "'features' member", ['name'], ['if']);
    const name = feature.get('name');
    checkNameIsString(name, info, "'features' member");
    const source = `'features' member '${name}'`;
    checkLowerName(name, info, source);
    return { name, ifcond: checkCondition(feature, info, source) };
  });
}

export function checkTypeName(value: Value | undefined, info: SourceInfo, source: string): string | undefined {
  if (value !== undefined && typeof value !== 'string') throw semanticError(info, `${source} should be a type name`);
  return value;
}

export function checkTypeNameOrArray(value: Value | undefined, info: SourceInfo, source: string): TypeRef | undefined {
  if (value === undefined || typeof value === 'string') return value;
  if (!Array.isArray(value)) throw semanticError(info, `${source} should be a type name or array`);
  const [element] = value;
  if (value.length !== 1 || typeof element !== 'string') {
    throw semanticError(info, `${source}: array type must contain single type name`);
  }
  return { arrayOf: element };
}

/** Member values may be written as bare type references: { 'a': 'int' } means { 'a': { 'type': 'int' } }. */
export function expandMemberShorthand(members: Value | undefined): void {
  if (!isMap(members)) return;
  for (const [key, value] of members) {
    if (!isMap(value)) members.set(key, new Map([['type', value]]));
  }
}

/**
 * The members of an implicit struct type ('data' of a struct, command or
 * event; 'base' of a union).  `owner` is the definition whose
 * 'member-name-exceptions' pragma entry lets them break the case rules.
 */
export function checkImplicitMembers(value: Value, info: SourceInfo, source: string, permissive: boolean): MemberSpec[] {
  if (!isMap(value)) throw semanticError(info, `${source} should be an object or type name`);
  return [...value].map(([key, spec]) => {
    const keySource = `${source} member '${key}'`;
    const name = key.startsWith('*') ? key.slice(1) : key;
    checkLowerName(name, info, keySource, { upper: permissive, underscore: permissive });
    const c = cName(name, false);
    // 'u' holds the branches and has_NAME the presence of an optional NAME in generated C.
    if (c === 'u' || c.startsWith('has_')) throw semanticError(info, `${keySource} uses reserved name`);
    const member = spec as ValueMap;
    checkKeys(member, info, keySource, ['type'], ['if', 'features']);
    const ifcond = checkCondition(member, info, keySource);
    const features = checkFeatures(member.get('features'), info);
    const type = checkTypeNameOrArray(member.get('type'), info, keySource)!;
    return { key, type, ifcond, features };
  });
}
