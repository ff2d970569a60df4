/**
 * Reading schema files and following include directives the way QEMU
 * does: paths relative to the including file, joined without normalising
 * (QEMU prints them as joined), cycles rejected, repeats skipped.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pythonDirname, pythonJoin } from './python-compat.js';
import { semanticError, type SourceInfo } from './source-info.js';

/** The C library's wording, which QEMU's messages quote. */
const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EMFILE: 'Too many open files',
  EIO: 'Input/output error',
};

export class SchemaReadError extends Error {}

/**
 * A schema file's text, or a SchemaReadError with the reason as strerror() words it.
 * Only regular files are read: `/dev/zero` never ends and a FIFO waits for a writer, so an
 * include naming one would hang the check. Opened without blocking (a FIFO's open waits
 * otherwise), then judged by what was opened rather than by the path, which may change.
 */
export function readSchemaText(file: string): string {
  let bytes: Buffer;
  let fd: number | null = null;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (info.isDirectory()) throw new SchemaReadError(STRERROR['EISDIR']!);
    if (!info.isFile()) throw new SchemaReadError('not a regular file');
    bytes = readFileSync(fd);
  } catch (e) {
    if (e instanceof SchemaReadError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new SchemaReadError(STRERROR[code] ?? (e as Error).message);
  } finally {
    if (fd !== null) closeSync(fd);
  }
  try {
    // Python keeps a byte order mark as U+FEFF, which the lexer then reports as stray.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new SchemaReadError('not valid UTF-8');
  }
}

/** The path QEMU opens for `include` written in `includingFile`. */
export function includePath(includingFile: string, include: string): string {
  return pythonJoin(pythonDirname(includingFile), include);
}

/**
 * Whether the file at `path`, included at `info`, is to be read: an
 * inclusion cycle is an error, a file already read is skipped.
 */
export function shouldInclude(path: string, include: string, info: SourceInfo, alreadyRead: Set<string>): boolean {
  const absolute = resolve(path);
  for (let at: SourceInfo | null = info; at; at = at.includedBy) {
    if (resolve(at.file) === absolute) throw semanticError(info, `inclusion loop for ${include}`);
  }
  return !alreadyRead.has(absolute);
}
