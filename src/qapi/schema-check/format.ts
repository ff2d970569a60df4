/** SchemaError as the text QEMU's generator prints for it. */
import type { SchemaError } from './types.js';

export function formatSchemaError(e: SchemaError): string {
  if (e.line === undefined) return e.message;
  let text = '';
  for (const step of e.includedFrom) text += `In file included from ${step.file}:${step.line}:\n`;
  if (e.definition) text += `${e.file}: In ${e.definition.meta} '${e.definition.name}':\n`;
  text += `${e.file}:${e.line}`;
  if (e.column !== undefined) text += `:${e.column}`;
  text += `: ${e.message}`;
  for (const r of e.related ?? []) text += `\n${formatSchemaError(r)}`;
  return text;
}
