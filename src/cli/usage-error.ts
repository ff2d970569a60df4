/**
 * A mistake in how qemu-review was called or what it was given: one line on
 * stderr, exit status 2.  Every usage error is said through usageLine, those
 * commander finds (an unknown option, a bad choice) included, so a script
 * or a person reads the same `qemu-review: ` prefix whatever caught it.
 */
export class UsageError extends Error {}

const PREFIX = 'qemu-review: ';

/** The line a usage error is said in, newline included. */
export function usageLine(message: string): string {
  return `${PREFIX}${message}\n`;
}

/** Commander's own error text (`error: unknown option '--x'`) as a usage line. */
export function commanderUsageLine(text: string): string {
  return usageLine(text.replace(/^error: /, '').trimEnd());
}

/** A warning about how qemu-review was called: the run goes on. */
export function usageWarning(message: string): string {
  return `${PREFIX}warning: ${message}\n`;
}
