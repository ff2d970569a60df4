/** Filling a rule's message template from a report's data. */

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** The template with every `{{name}}` replaced; a missing name is the rule's bug, so it throws. */
export function renderMessage(ruleId: string, template: string, data: Record<string, string | number> = {}): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (!(name in data)) throw new Error(`rule ${ruleId}: message needs "${name}" but the report has no such data`);
    return String(data[name]);
  });
}
