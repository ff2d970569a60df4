/**
 * Whether this code runs from the command-line bundle (src/devtools/build-cli.mjs defines
 * QEMU_REVIEW_BUNDLE there): its entry, worker and rules files then sit side by side in
 * build/cli, not in build/src's tree.
 */
declare const QEMU_REVIEW_BUNDLE: boolean | undefined;

export const bundled: boolean = typeof QEMU_REVIEW_BUNDLE !== 'undefined' && QEMU_REVIEW_BUNDLE === true;
