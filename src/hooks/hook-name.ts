/** The git hook qemu-review installs (githooks(5)): apart from its code, which the command line loads only for `hook`. */
export const HOOK_NAME = 'sendemail-validate';
