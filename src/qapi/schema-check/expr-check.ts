/**
 * The expression checks: each definition has exactly one meta key, known
 * keys with values of the right shape, well-formed names, and the doc
 * comment it should have.  Like QEMU, all expressions are checked before
 * any type is looked up.
 */
import type { BranchSpec, CheckedExpression, Definition, EnumValueSpec, MemberSpec } from './definitions.js';
import type { DocComment } from './doc-model.js';
import {
  checkCondition,
  checkFeatures,
  checkImplicitMembers,
  checkKeys,
  checkNameIsString,
  checkTypeName,
  checkTypeNameOrArray,
  expandMemberShorthand,
} from './expr-parts.js';
import type { Generation } from './generation.js';
import { checkCamelName, checkLowerName, checkUpperName } from './names.js';
import type { Pragmas } from './pragmas.js';
import { isTruthy } from './python-compat.js';
import type { TopLevel } from './schema-parser.js';
import { semanticError, type SourceInfo } from './source-info.js';
import { isMap, type Value, type ValueMap } from './values.js';

const METAS = ['enum', 'struct', 'union', 'alternate', 'command', 'event'] as const;
type Meta = (typeof METAS)[number];
/** A definition before its 'if' and 'features', which QEMU checks last. */
type DefinitionCore<T = Definition> = T extends unknown ? Omit<T, 'ifcond' | 'features'> : never;

const COMMAND_KEYS = ['data', 'returns', 'boxed', 'if', 'features', 'gen', 'success-response', 'allow-oob', 'allow-preconfig', 'coroutine'];

export function checkExpressions(expressions: TopLevel[], pragmas: Pragmas, generation: Generation): CheckedExpression[] {
  return expressions.map((e) =>
    e.kind === 'include' ? { meta: 'include', file: e.file, info: e.info } : checkDefinition(e.value, e.info, e.doc, pragmas, generation),
  );
}

function checkDefinition(expr: ValueMap, info: SourceInfo, doc: DocComment | undefined, pragmas: Pragmas, generation: Generation): Definition {
  const metas = METAS.filter((m) => expr.has(m));
  if (metas.length !== 1) {
    throw semanticError(info, `expression must have exactly one key ${METAS.map((m) => `'${m}'`).join(', ')}`);
  }
  const meta: Meta = metas[0]!;
  const name = expr.get(meta);
  checkNameIsString(name, info, `'${meta}'`);
  // From here on, errors at this line are "In <meta> '<name>':".
  info.setDefinition(meta, name);
  checkDefinitionName(name, meta, info, pragmas);
  if (doc) {
    if (doc.symbol !== name) throw semanticError(info, `documentation comment is for '${doc.symbol}'`);
    checkDocSections(doc, expr, generation);
  } else if (pragmas.docRequired) {
    throw semanticError(info, 'documentation comment required');
  }

  const common = { name, info, doc };
  const permissive = pragmas.memberNameExceptions.includes(name);
  let definition: DefinitionCore;
  switch (meta) {
    case 'enum':
      checkKeys(expr, info, meta, ['enum', 'data'], ['if', 'features', 'prefix']);
      definition = { meta, ...common, values: checkEnumValues(expr, info, permissive) };
      break;
    case 'union': {
      checkKeys(expr, info, meta, ['union', 'base', 'discriminator', 'data'], ['if', 'features']);
      expandMemberShorthand(expr.get('base'));
      expandMemberShorthand(expr.get('data'));
      const base = expr.get('base')!;
      const baseSpec = typeof base === 'string' ? base : checkImplicitMembers(base, info, "'base'", permissive);
      const discriminator = expr.get('discriminator');
      checkNameIsString(discriminator, info, "'discriminator'");
      definition = { meta, ...common, base: baseSpec, discriminator, branches: checkUnionBranches(expr.get('data')!, info) };
      break;
    }
    case 'alternate':
      checkKeys(expr, info, meta, ['alternate', 'data'], ['if', 'features']);
      expandMemberShorthand(expr.get('data'));
      definition = { meta, ...common, branches: checkAlternatives(expr.get('data')!, info) };
      break;
    case 'struct': {
      checkKeys(expr, info, meta, ['struct', 'data'], ['base', 'if', 'features']);
      expandMemberShorthand(expr.get('data'));
      const members = checkImplicitMembers(expr.get('data')!, info, "'data'", permissive);
      definition = { meta, ...common, members, base: checkTypeName(expr.get('base'), info, "'base'") };
      break;
    }
    case 'command': {
      checkKeys(expr, info, meta, ['command'], COMMAND_KEYS);
      expandMemberShorthand(expr.get('data'));
      const { data, boxed } = checkArguments(expr, info);
      const returns = checkTypeNameOrArray(expr.get('returns'), info, "'returns'");
      definition = { meta, ...common, data, boxed, returns };
      break;
    }
    case 'event':
      checkKeys(expr, info, meta, ['event'], ['data', 'boxed', 'if', 'features']);
      expandMemberShorthand(expr.get('data'));
      definition = { meta, ...common, ...checkArguments(expr, info) };
      break;
  }
  const ifcond = checkCondition(expr, info, meta);
  const features = checkFeatures(expr.get('features'), info);
  checkFlags(expr, info);
  return { ...definition, ifcond, features } as Definition;
}

/** Events are UPPER_CASE, commands lower-case, types CamelCase and never ...List (array types are). */
function checkDefinitionName(name: string, meta: Meta, info: SourceInfo, pragmas: Pragmas): void {
  if (meta === 'event') {
    checkUpperName(name, info, meta);
  } else if (meta === 'command') {
    checkLowerName(name, info, meta, { underscore: pragmas.commandNameExceptions.includes(name) });
  } else {
    checkCamelName(name, info, meta);
    if (name.endsWith('List')) throw semanticError(info, `${meta} name should not end in 'List'`);
  }
}

/** 'Returns' and 'Errors' sections belong to commands, and 'Returns' to commands that return something. */
function checkDocSections(doc: DocComment, expr: ValueMap, generation: Generation): void {
  const returns = doc.section('returns');
  if (expr.has('command')) {
    if (returns && !expr.has('returns') && generation.returnsSectionNeedsReturns) {
      throw semanticError(returns.info, "'Returns' section, but command doesn't return anything");
    }
    return;
  }
  if (returns) throw semanticError(returns.info, "'Returns' section is only valid for commands");
  const errors = doc.section('errors');
  if (errors) throw semanticError(errors.info, "'Errors' section is only valid for commands");
}

function checkEnumValues(expr: ValueMap, info: SourceInfo, permissive: boolean): EnumValueSpec[] {
  const data = expr.get('data');
  if (!Array.isArray(data)) throw semanticError(info, "'data' must be an array");
  const prefix = expr.get('prefix');
  if (prefix !== undefined && typeof prefix !== 'string') throw semanticError(info, "'prefix' must be a string");
  return data.map((v) => {
    const value: ValueMap = isMap(v) ? v : new Map([['name', v]]);
    checkKeys(value, info, "'data' member", ['name'], ['if', 'features']);
    const name = value.get('name');
    checkNameIsString(name, info, "'data' member");
    const source = `'data' member '${name}'`;
    // Enum values may start with a digit ('2_5'); judge the rest as a name.
    checkLowerName(/^[0-9]/.test(name) ? `d${name}` : name, info, source, { upper: permissive, underscore: permissive });
    const ifcond = checkCondition(value, info, source);
    return { name, ifcond, features: checkFeatures(value.get('features'), info) };
  });
}

function checkUnionBranches(data: Value, info: SourceInfo): BranchSpec[] {
  if (!isMap(data)) throw semanticError(info, "'data' must be an object");
  return [...data].map(([name, spec]) => {
    const source = `'data' member '${name}'`;
    const branch = spec as ValueMap;
    checkKeys(branch, info, source, ['type'], ['if']);
    const ifcond = checkCondition(branch, info, source);
    return { name, ifcond, type: checkTypeName(branch.get('type'), info, source)! };
  });
}

function checkAlternatives(data: Value, info: SourceInfo): BranchSpec[] {
  if (!isTruthy(data)) throw semanticError(info, "'data' must not be empty");
  if (!isMap(data)) throw semanticError(info, "'data' must be an object");
  return [...data].map(([name, spec]) => {
    const source = `'data' member '${name}'`;
    checkLowerName(name, info, source);
    const branch = spec as ValueMap;
    checkKeys(branch, info, source, ['type'], ['if']);
    const ifcond = checkCondition(branch, info, source);
    return { name, ifcond, type: checkTypeNameOrArray(branch.get('type'), info, source)! };
  });
}

/** A command's or event's 'data': with 'boxed', the name of a type; else a type name or members. */
function checkArguments(expr: ValueMap, info: SourceInfo): { data: string | MemberSpec[] | undefined; boxed: boolean } {
  const data = expr.get('data');
  const boxed = isTruthy(expr.get('boxed'));
  if (boxed) {
    if (data === undefined) throw semanticError(info, "'boxed': true requires 'data'");
    return { data: checkTypeName(data, info, "'data'"), boxed };
  }
  if (data === undefined || typeof data === 'string') return { data, boxed };
  return { data: checkImplicitMembers(data, info, "'data'", false), boxed };
}

function checkFlags(expr: ValueMap, info: SourceInfo): void {
  for (const key of ['gen', 'success-response']) {
    if (expr.has(key) && expr.get(key) !== false) throw semanticError(info, `flag '${key}' may only use false value`);
  }
  for (const key of ['boxed', 'allow-oob', 'allow-preconfig', 'coroutine']) {
    if (expr.has(key) && expr.get(key) !== true) throw semanticError(info, `flag '${key}' may only use true value`);
  }
  // Not impossible in principle, but nobody needs it and its meaning would be unclear.
  if (expr.has('allow-oob') && expr.has('coroutine')) {
    throw semanticError(info, "flags 'allow-oob' and 'coroutine' are incompatible");
  }
}
