/** Values of the schema language as the parser returns them: JSON without numbers and null. */
export type Value = string | boolean | Value[] | ValueMap;
/** An object; a Map because keys are arbitrary strings ('__proto__' included) and keep their order. */
export type ValueMap = Map<string, Value>;

export function isMap(value: Value | undefined): value is ValueMap {
  return value instanceof Map;
}
