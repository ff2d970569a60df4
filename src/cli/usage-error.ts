/** A mistake in how qemu-review was called or what it was given: one line on stderr, exit status 2. */
export class UsageError extends Error {}
