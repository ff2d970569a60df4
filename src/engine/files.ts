/** Which files of a patch the engine reads as QAPI schemas or as C. */

/** QAPI schema files of QEMU: qapi/*.json, qga/qapi-schema.json and the like; not the parser's test cases. */
export function isQapiSchemaPath(path: string): boolean {
  if (!path.endsWith('.json')) return false;
  if (path.startsWith('tests/')) return false;
  return path.split('/').some((part) => part === 'qapi' || part.startsWith('qapi-schema'));
}

export function isCSourcePath(path: string): boolean {
  return /\.(c|h)(\.inc)?$|\.inc$/.test(path);
}
