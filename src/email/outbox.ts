/**
 * The outbox: what was sent, so that no reply goes out twice.  A reply is
 * known by the Message-ID it answers and the findings it reports; re-running
 * over the same archive finds it sent and sends nothing.  States go
 * pending -> sending -> sent (or failed, which the next run may retry).  A
 * reply left in "sending" was being handed to the server when a run
 * stopped: it may have gone out, so it is never sent again automatically.
 *
 * The store is one JSON-lines file: each change is one line appended in a
 * single write and fsync'd before the mail moves on, so the state on disk
 * is never behind the SMTP conversation.  A crash can at worst tear the
 * last line, which is then ignored (a torn "sending" means the mail never
 * reached the server; a torn "sent" leaves "sending", which is not
 * resent).  When a run opens the outbox it compacts it (the newest record
 * per reply) through a temporary file, fsync and rename, so the file stays
 * the size of what was sent, and a crash leaves the old file or the new
 * one.  A lock file keeps two runs apart.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Reviewed } from './types.js';

export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed';

export interface OutboxRecord {
  key: string;
  state: OutboxState;
  /** The Message-ID answered. */
  reviewed: string | null;
  /** The reply's own Message-ID. */
  reply: string;
  /** Envelope recipients. */
  to: string[];
  /** When it entered this state (ISO 8601). */
  at: string;
  error?: string;
}

export class OutboxError extends Error {
  override name = 'OutboxError';
}

/** The key of a reply: the mail answered and the finding set, hashed. */
export function outboxKey(reviewed: Pick<Reviewed, 'messageId' | 'findings'>): string {
  return createHash('sha256')
    .update(JSON.stringify([reviewed.messageId, [...reviewed.findings].sort()]))
    .digest('hex');
}

/** `$XDG_STATE_HOME/qemu-review`, else `~/.local/state/qemu-review`. */
export function defaultStateDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'qemu-review');
}

export const OUTBOX_FILE = 'outbox.jsonl';

export class Outbox {
  private readonly records = new Map<string, OutboxRecord>();
  /** Lines in the file, and whether its last one was torn: when to compact. */
  private lines = 0;
  private torn = false;
  /** Open for appending while this run holds the lock. */
  private fd: number | null = null;

  private constructor(readonly path: string) {}

  /** The outbox in `dir`, read (an absent file is an empty outbox).  A line that does not parse is an error (the file is not ours), bar a torn last one. */
  static read(dir: string): Outbox {
    const outbox = new Outbox(join(dir, OUTBOX_FILE));
    let text = '';
    try {
      text = readFileSync(outbox.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new OutboxError(`${outbox.path}: cannot read the outbox: ${(error as NodeJS.ErrnoException).code}`);
    }
    const lines = text.split('\n');
    const complete = lines.pop() === '';
    if (!complete) outbox.torn = true;
    lines.forEach((line, i) => {
      outbox.lines++;
      const record = parseRecord(line);
      if (!record) throw new OutboxError(`${outbox.path}:${i + 1}: not an outbox record`);
      outbox.records.set(record.key, record);
    });
    return outbox;
  }

  /** The outbox for sending: created if need be, compacted, and locked against another run until `close`. */
  static openForSending(dir: string): Outbox {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new OutboxError(`${dir}: cannot create the state directory: ${(error as NodeJS.ErrnoException).code}`);
    }
    const lockPath = join(dir, 'outbox.lock');
    lock(lockPath);
    try {
      const outbox = Outbox.read(dir);
      if (outbox.torn || outbox.lines > outbox.records.size) outbox.compact();
      outbox.fd = openSync(outbox.path, 'a', 0o600);
      return outbox;
    } catch (error) {
      rmSync(lockPath, { force: true });
      throw error;
    }
  }

  get(key: string): OutboxRecord | undefined {
    return this.records.get(key);
  }

  /** Records the state: on disk (appended and fsync'd) before returning. */
  set(record: OutboxRecord): void {
    if (this.fd === null) throw new Error('the outbox was opened read-only');
    this.records.set(record.key, record);
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
    rmSync(join(dirname(this.path), 'outbox.lock'), { force: true });
  }

  /** The newest record of each reply, written to a temporary file and renamed over the outbox. */
  private compact(): void {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, [...this.records.values()].map((r) => `${JSON.stringify(r)}\n`).join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    this.lines = this.records.size;
    this.torn = false;
  }
}

function parseRecord(line: string): OutboxRecord | null {
  try {
    const record = JSON.parse(line) as OutboxRecord;
    return typeof record === 'object' && record !== null && typeof record.key === 'string' && typeof record.state === 'string' ? record : null;
  } catch {
    return null;
  }
}

/** Takes the lock file, or takes over one whose process is gone (a run that crashed). */
function lock(path: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new OutboxError(`${path}: cannot lock the outbox: ${(error as NodeJS.ErrnoException).code}`);
    }
    const pid = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
      throw new OutboxError(`${path}: another qemu-review (process ${pid}) is sending from this outbox`);
    }
    rmSync(path, { force: true });
  }
  throw new OutboxError(`${path}: cannot lock the outbox`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
