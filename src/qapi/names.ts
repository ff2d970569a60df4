/** Conventions about QAPI names. */

/** `x-` marks an experimental name, unless a `y-` twin shows it is a coordinate (`x-origin`, `y-origin`). */
export function hasExperimentalPrefix(name: string, siblings: ReadonlySet<string>): boolean {
  return name.startsWith('x-') && !siblings.has(`y-${name.slice(2)}`);
}

/** A union's branches (its 'data') and an alternate's alternatives: they take no features. */
export function isBranch(meta: string | null, container: string): boolean {
  return container === 'branches' || meta === 'alternate' || (meta === 'union' && container === 'data');
}
