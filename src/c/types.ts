/** C source structure the rules look at. */

/** A `#define` the view shows whole. */
export interface MacroDefinition {
  name: string;
  /** Parameter names for a function-like macro, null for an object-like one. */
  params: string[] | null;
  /** Line of `#define` and the last line of its continuation. */
  line: number;
  endLine: number;
  /** Column of the name on the `#define` line. */
  column: number;
  /** The replacement text, continuation backslashes removed, lines joined with `\n`. */
  body: string;
  /** Every line of the definition is added by the patch. */
  added: boolean;
}
