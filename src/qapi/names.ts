/** Conventions about QAPI names. */

/** `x-` marks an experimental name, unless a `y-` twin shows it is a coordinate (`x-origin`, `y-origin`). */
export function hasExperimentalPrefix(name: string, siblings: ReadonlySet<string>): boolean {
  return name.startsWith('x-') && !siblings.has(`y-${name.slice(2)}`);
}

/** A union's branches (its 'data') and an alternate's alternatives: they take no features. */
export function isBranch(meta: string | null, container: string): boolean {
  return container === 'branches' || meta === 'alternate' || (meta === 'union' && container === 'data');
}

/**
 * The name an experimental definition would have without its prefix, or
 * null: `x-query-foo` → `query-foo`, and an event's `X_CONFIG_READ` →
 * `CONFIG_READ` (event names are ALL_CAPS, their x- prefix too).
 */
export function experimentalDefinition(name: string): string | null {
  if (name.startsWith('x-') && name.length > 2) return name.slice(2);
  if (/^X_[A-Z0-9][A-Z0-9_]*$/.test(name)) return name.slice(2);
  return null;
}
