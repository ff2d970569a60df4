/**
 * Naming rules: what a QAPI name may look like, and the C identifier it
 * becomes (clashes are decided on those).
 */
import { semanticError, type SourceInfo } from './source-info.js';

/** Words a generated C identifier must not be, so QEMU prefixes them with 'q_'. */
const PROTECTED_WORDS = new Set(
  [
    // C89
    'auto break case char const continue default do double else enum extern float for goto if int long',
    'register return short signed sizeof static struct switch typedef union unsigned void volatile while',
    // C99, C11
    'inline restrict _Bool _Complex _Imaginary _Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert _Thread_local',
    // GCC extensions
    'asm typeof',
    // C++
    'bool catch class const_cast delete dynamic_cast explicit false friend mutable namespace new operator private',
    'protected public reinterpret_cast static_cast template this throw true try typeid typename using virtual wchar_t',
    'and and_eq bitand bitor compl not not_eq or or_eq xor xor_eq',
    // predefined macros of some compilers
    'unix errno mips sparc i386 linux',
  ]
    .join(' ')
    .split(' '),
);

/** The C identifier for a QAPI name; `protect` adds 'q_' where the name would not be a safe identifier. */
export function cName(name: string, protect = true): string {
  const c = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (protect && (PROTECTED_WORDS.has(c) || /^[0-9]/.test(c))) return `q_${c}`;
  return c;
}

/**
 * Optional downstream prefix '__RFQDN_', optional 'x-', then the stem.
 * Case-insensitive, like QEMU's; the stem's case is judged separately.
 */
const VALID_NAME = /^(__[a-z0-9.-]+_)?(x-)?([a-z][a-z0-9_-]*)$/i;

/** The stem of a valid name; the 'q_' namespace is reserved for generated names. */
export function nameStem(name: string, info: SourceInfo, source: string): string {
  const m = VALID_NAME.exec(name);
  if (!m || cName(name, false).startsWith('q_')) throw semanticError(info, `${source} has an invalid name`);
  return m[3]!;
}

/** Event names: upper case with '_'. */
export function checkUpperName(name: string, info: SourceInfo, source: string): void {
  if (/[a-z-]/.test(nameStem(name, info, source))) {
    throw semanticError(info, `name of ${source} must not use lowercase or '-'`);
  }
}

/** Command, member and feature names: lower case with '-', unless a pragma excepts them. */
export function checkLowerName(name: string, info: SourceInfo, source: string, permit: { upper?: boolean; underscore?: boolean } = {}): void {
  const stem = nameStem(name, info, source);
  if ((!permit.upper && /[A-Z]/.test(stem)) || (!permit.underscore && stem.includes('_'))) {
    throw semanticError(info, `name of ${source} must not use uppercase or '_'`);
  }
}

/** Type names: CamelCase. */
export function checkCamelName(name: string, info: SourceInfo, source: string): void {
  if (!/^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$/.test(nameStem(name, info, source))) {
    throw semanticError(info, `name of ${source} must use CamelCase`);
  }
}
