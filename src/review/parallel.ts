/**
 * The pipeline on several threads: the main thread reads and splits the input, worker threads
 * parse and review, results come back in input order and equal to the sequential path's.
 *
 * Memory stays flat whatever the archive size: the input is pulled only while fewer than a
 * window of messages are between the splitter and the consumer, so neither the splitter nor
 * fast workers can race ahead of a slow message or a slow consumer. A worker that crashes or
 * overruns the time limit loses no message: its messages are retried one at a time on a fresh
 * worker, and only the one that brings a worker down again is skipped, with the reason.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { bundled } from '../bundled.js';
import type { ReviewSettings, Rule, Severity } from '../engine/types.js';
import type { RawMessage, UnreadableInput } from '../mail/types.js';
import { reviewMessages, skipReasonOf, withoutMail, type MessageResult, type ReviewOptions } from './review.js';
import { holdForSeries } from './series-hold.js';
import { skip } from './skip.js';
import { SeriesRuns, type SeriesStep } from './series-memory.js';

export interface ParallelReviewOptions extends ReviewOptions {
  /** The rules to run. Workers take them by id from `rulesModule`. */
  rules: readonly Rule[];
  /**
   * Keep the parsed mail on each result (default true: reporters that reply or quote need it).
   * Without it a result crosses threads without the mail body, which is most of its size.
   */
  keepMail?: boolean;
  /**
   * A batch of messages (and then a single message) that takes longer is abandoned: the worker
   * is replaced and the message skipped with the reason. Default: no limit.
   */
  messageTimeoutMs?: number;
  /** The module workers load their rules from (it exports `rules`); default the built rules/index.js. */
  rulesModule?: string | URL;
  /** Messages reviewed on the main thread before threads start (default SEQUENTIAL_MESSAGES; 0: at once). */
  startThreadsAfter?: number;
}

/** What a worker is told once, at start (rules by id, settings by value). */
export interface WorkerSetup {
  rulesModule: string;
  ruleIds: string[];
  settings?: ReviewSettings;
  severity?: Record<string, Severity>;
  wholeFiles?: boolean;
  pulls?: boolean;
  exclude?: readonly string[];
  keepMail: boolean;
}

export interface BatchRequest {
  id: number;
  /** Raw messages with their bytes as a plain Uint8Array (its buffer moved, not copied). */
  messages: (Omit<RawMessage, 'bytes'> & { bytes: Uint8Array })[];
}

/** A worker's messages: ready once its rules are loaded, then one reply per batch (with each reviewed patch's series step). */
export type WorkerReply = { type: 'ready' } | { type: 'results'; id: number; results: MessageResult[]; steps: (SeriesStep | null)[] };

/**
 * The cores review may use: `QEMU_REVIEW_CORES` when set (a CPU quota Node does not see, or a
 * test that needs the threaded path on a small machine), else what Node says the process may use.
 */
export function coresOf(env: NodeJS.ProcessEnv = process.env): number {
  const forced = Number(env.QEMU_REVIEW_CORES);
  return Number.isInteger(forced) && forced > 0 ? forced : Math.max(1, availableParallelism());
}

/**
 * Inputs smaller than this are reviewed on the main thread by default: loading the rules on each
 * worker and moving the messages costs more than the split saves (measured on a 5 MB archive).
 */
export const THREADS_MIN_BYTES = 16 * 1024 * 1024;

/**
 * How many review threads to run (1: on the main thread, no worker). The main thread keeps a
 * core for reading, splitting and reporting, so workers get the others; a single worker beside
 * it only adds the cost of moving messages and results between threads (measured on 2 cores:
 * slower than no worker at all, on 5 MB as on 50 MB). So on 2 cores review stays on the main
 * thread whatever `--jobs` asks, and `--jobs 2` is never slower than `--jobs 1`.
 *
 * `requested` is --jobs (default: every core the main thread leaves), `inputBytes` the inputs'
 * size when known (a short one stays on the main thread by default).
 */
export function reviewThreads(requested: number | undefined, cores: number, inputBytes: number | null): number {
  const spare = cores - 1;
  if (requested === undefined && inputBytes !== null && inputBytes < THREADS_MIN_BYTES) return 1;
  const workers = Math.min(requested ?? spare, spare);
  return workers >= 2 ? workers : 1;
}

/** How many review threads suit this machine for an input of unknown size (see reviewThreads). */
export function defaultJobs(): number {
  return reviewThreads(undefined, coresOf(), null);
}

/** Messages per batch and bytes per batch: enough to make a round trip cheap, small enough to spread. */
const BATCH_MESSAGES = 32;
const BATCH_BYTES = 256 * 1024;
/** Batches a worker holds at most: one being reviewed, one waiting, so it never idles on a round trip. */
const BATCHES_PER_WORKER = 2;
/** Messages and bytes between the splitter and the consumer, per worker. */
const WINDOW_MESSAGES = BATCH_MESSAGES * (BATCHES_PER_WORKER + 2);
const WINDOW_BYTES = 8 * 1024 * 1024;
/** Workers that die before they are ready this many times in a row mean a broken setup, not a broken mail. */
const MAX_SETUP_FAILURES = 3;

/**
 * Where the worker's module and the rules are, beside this module: worked out when a run first
 * starts workers (in the bundle, this module's URL is only made when asked for).
 */
function workerFiles(): { worker: URL; rules: URL } {
  const here = import.meta.url;
  // Run from TypeScript sources (tests), the worker and the rules come from the build.
  const fromSources = here.endsWith('.ts');
  // The bundle's worker and rules are ES modules beside a CommonJS main file (src/devtools/build-cli.mjs).
  return {
    worker: new URL(fromSources ? '../../build/src/review/parallel-worker.js' : bundled ? './parallel-worker.mjs' : './parallel-worker.js', here),
    rules: new URL(fromSources ? '../../build/rules/index.js' : bundled ? './rules.mjs' : '../../rules/index.js', here),
  };
}

interface Slot {
  input: RawMessage | UnreadableInput;
  result?: MessageResult;
  /** What its review did to the series runs, as the worker saw them. */
  step?: SeriesStep | null;
  /** Failed once on a worker that went down: now retried alone. */
  retried: boolean;
}

interface Batch {
  id: number;
  slots: Slot[];
  /** A retried message, alone on its worker so that a second failure can only be its own. */
  retry: boolean;
}

interface Lane {
  worker: Worker;
  /** Its rules are loaded: a failure from now on is about the messages it holds. */
  ready: boolean;
  batches: Batch[];
  timer: NodeJS.Timeout | null;
  /** Set when it was terminated on purpose, so its exit is not taken for a crash. */
  retiring: boolean;
}

/** The result for a message whose review took a worker down. */
function crashed(input: RawMessage, why: string): MessageResult {
  return {
    index: input.index,
    source: input.source,
    offset: input.offset,
    messageId: null,
    subject: '',
    status: 'skipped',
    reason: skip('internal-error', `internal error: reviewing this message ${why}`),
    findings: [],
    failures: [],
    mail: null,
  };
}

function unreadable(input: UnreadableInput): MessageResult {
  // Exactly what the sequential path reports for it.
  return {
    index: input.index,
    source: input.source,
    offset: input.offset,
    findings: [],
    failures: [],
    mail: null,
    messageId: null,
    subject: '',
    status: 'skipped',
    reason: skipReasonOf(input),
  };
}

function sizeOf(input: RawMessage | UnreadableInput): number {
  return 'bytes' in input ? input.bytes.length : 0;
}

/**
 * Reviews `inputs` on `jobs` worker threads; yields one result per input, in input order, the
 * same as reviewMessages.  An input of a few messages is reviewed on the main thread: starting
 * threads would cost more than it saves. The main thread only reads, splits and hands out: every review runs
 * on a worker, where a crash or a hang costs one message and not the run; only a patch whose series began
 * in another batch is reviewed again here, with the memory of its series (see series-memory.ts). Falls back to the
 * sequential path for one job, for tree mode (a session applies patches in order) and for
 * options that cannot cross threads (viewOf, tree).
 */
export async function* reviewMessagesParallel(
  inputs: AsyncIterable<RawMessage | UnreadableInput>,
  options: ParallelReviewOptions,
  jobs: number = defaultJobs(),
): AsyncGenerator<MessageResult> {
  const { rules, keepMail = true, messageTimeoutMs, rulesModule, startThreadsAfter = SEQUENTIAL_MESSAGES, ...review } = options;
  if (jobs <= 1 || review.session !== undefined || review.viewOf !== undefined || (review.tree ?? null) !== null) {
    yield* reviewMessages(inputs, rules, review);
    return;
  }
  const setup: WorkerSetup = {
    rulesModule: String(rulesModule ?? workerFiles().rules),
    ruleIds: rules.map((r) => r.meta.id),
    keepMail,
  };
  if (review.settings !== undefined) setup.settings = review.settings;
  if (review.severity !== undefined) setup.severity = review.severity;
  if (review.wholeFiles !== undefined) setup.wholeFiles = review.wholeFiles;
  if (review.pulls !== undefined) setup.pulls = review.pulls;
  if (review.exclude !== undefined) setup.exclude = review.exclude;
  // Starting workers costs more than reviewing a few mails (b4 runs one mail at a time):
  // threads start only once the input proves longer than that.
  const source = inputs[Symbol.asyncIterator]();
  const head: (RawMessage | UnreadableInput)[] = [];
  let headBytes = 0;
  while (head.length < startThreadsAfter && headBytes < SEQUENTIAL_BYTES) {
    const next = await source.next();
    if (next.done) {
      yield* reviewMessages(fromList(head), rules, review);
      return;
    }
    head.push(next.value);
    headBytes += sizeOf(next.value);
  }
  // A patch whose series began in an earlier batch was reviewed without the memory of it: again, here.
  const again = async (input: RawMessage, runs: SeriesRuns): Promise<MessageResult> => {
    for await (const result of reviewMessages(fromList([input]), rules, { ...review, runs, unheld: true })) return keepMail ? result : withoutMail(result);
    throw new Error(`no result for ${input.source}`);
  };
  // Workers leave the findings that wait for the rest of a series to this thread, which sees the whole input.
  yield* holdForSeries(new Pool(setup, jobs, messageTimeoutMs, again).run(prepend(head, source)));
}

/** Up to this many messages (or bytes) are reviewed on the main thread before threads are worth starting. */
const SEQUENTIAL_MESSAGES = 48;
const SEQUENTIAL_BYTES = 1024 * 1024;

async function* fromList<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/** The messages already read, then the rest of the input. */
async function* prepend<T>(head: readonly T[], rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield* head;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/** The workers, the batches on them, and the slots waiting to be yielded in order. */
class Pool {
  private readonly lanes: Lane[] = [];
  /** Every message not yet yielded, in input order. */
  private readonly order: Slot[] = [];
  private windowBytes = 0;
  /** Messages read but not yet sent to a worker; retries go first. */
  private readonly unsent: Slot[] = [];
  private nextBatchId = 0;
  private setupFailures = 0;
  private fatal: Error | null = null;
  /** Resolves the wait of the main loop when a result or a crash comes in. */
  private wake: (() => void) | null = null;
  /** The series runs of the whole input, replayed from the workers' steps in input order. */
  private readonly runs = new SeriesRuns();

  constructor(
    private readonly setup: WorkerSetup,
    workers: number,
    private readonly timeoutMs: number | undefined,
    private readonly again: (input: RawMessage, runs: SeriesRuns) => Promise<MessageResult>,
  ) {
    for (let i = 0; i < workers; i++) this.lanes.push(this.startLane());
  }

  async *run(inputs: AsyncIterable<RawMessage | UnreadableInput>): AsyncGenerator<MessageResult> {
    const source = inputs[Symbol.asyncIterator]();
    let pull: Promise<IteratorResult<RawMessage | UnreadableInput>> | null = null;
    let inputDone = false;
    try {
      for (;;) {
        if (this.fatal) throw this.fatal;
        while (this.order.length > 0 && this.order[0]!.result !== undefined) {
          const slot = this.order.shift()!;
          this.windowBytes -= sizeOf(slot.input);
          yield await this.inSeries(slot);
        }
        if (inputDone && this.order.length === 0) return;
        this.dispatch(inputDone);
        const windowFull = this.order.length >= WINDOW_MESSAGES * this.lanes.length || this.windowBytes >= WINDOW_BYTES * this.lanes.length;
        if (!inputDone && pull === null && !windowFull) pull = source.next();
        const woken = new Promise<void>((resolve) => (this.wake = resolve));
        const next = pull === null ? await woken.then(() => null) : await Promise.race([pull, woken.then(() => null)]);
        if (next === null) continue;
        pull = null;
        if (next.done) {
          inputDone = true;
          continue;
        }
        const slot: Slot = { input: next.value, retried: false };
        this.order.push(slot);
        this.windowBytes += sizeOf(slot.input);
        if ('error' in slot.input) slot.result = unreadable(slot.input);
        else this.unsent.push(slot);
      }
    } finally {
      // Also when the consumer stops early: no thread may outlive the run.
      for (const lane of this.lanes) this.retire(lane);
      await source.return?.();
    }
  }

  /**
   * The slot's result as the sequential path gives it: a patch reviewed in a run that started
   * elsewhere than the input's run for it (its series began in an earlier batch, or it was
   * retried alone) is reviewed again with the input's memory.
   */
  private async inSeries(slot: Slot): Promise<MessageResult> {
    const step = slot.step;
    if (!step) return slot.result!;
    const index = slot.input.index;
    const before = this.runs.clone();
    if (this.runs.replay(step, index)) return slot.result!;
    return this.again(slot.input as RawMessage, before);
  }

  /** Hands the unsent messages to workers with room: an idle one takes what there is, a busy one only a full batch. */
  private dispatch(inputDone: boolean): void {
    for (const lane of this.lanes) {
      while (this.unsent.length > 0 && lane.batches.length < BATCHES_PER_WORKER && !lane.batches.some((b) => b.retry)) {
        if (this.unsent[0]!.retried) {
          // A retried message goes alone to an idle worker: if that one fails too, it was this message.
          if (lane.batches.length === 0) this.send(lane, [this.unsent.shift()!], true);
          break;
        }
        const full = this.unsent.length >= BATCH_MESSAGES;
        if (lane.batches.length > 0 && !full && !inputDone) break;
        this.send(lane, this.takeBatch(), false);
      }
    }
  }

  private takeBatch(): Slot[] {
    const slots: Slot[] = [];
    let bytes = 0;
    while (this.unsent.length > 0 && !this.unsent[0]!.retried && slots.length < BATCH_MESSAGES && bytes < BATCH_BYTES) {
      const slot = this.unsent.shift()!;
      bytes += sizeOf(slot.input);
      slots.push(slot);
    }
    return slots;
  }

  private send(lane: Lane, slots: Slot[], retry: boolean): void {
    const batch: Batch = { id: this.nextBatchId++, slots, retry };
    const transfer: ArrayBuffer[] = [];
    const messages = slots.map((slot) => {
      const raw = slot.input as RawMessage;
      // A copy of exactly the message's bytes, moved rather than cloned: the splitter's buffer
      // may be a slice of a pooled one, which must not be detached or sent whole.
      const bytes = new Uint8Array(raw.bytes.length);
      bytes.set(raw.bytes);
      transfer.push(bytes.buffer as ArrayBuffer);
      return { ...raw, bytes };
    });
    lane.batches.push(batch);
    if (lane.batches.length === 1) {
      lane.worker.ref();
      // A worker still loading its rules is not late yet: the clock starts when it is ready.
      if (lane.ready) this.startClock(lane);
    }
    const request: BatchRequest = { id: batch.id, messages };
    lane.worker.postMessage(request, transfer);
  }

  /** Times the batch at the head of a worker's queue: the one it is working on. */
  private startClock(lane: Lane): void {
    if (lane.batches.length === 0) {
      // An idle worker must not keep the process alive (a consumer may drop the generator).
      lane.worker.unref();
      return;
    }
    if (this.timeoutMs === undefined) return;
    lane.timer = setTimeout(() => this.fail(lane, `took longer than ${this.timeoutMs} ms`), this.timeoutMs);
  }

  private stopClock(lane: Lane): void {
    if (lane.timer) clearTimeout(lane.timer);
    lane.timer = null;
  }

  private startLane(): Lane {
    // Loaded here: a run on the main thread alone (one patch) never needs it.
    const { Worker } = process.getBuiltinModule('node:worker_threads');
    const worker = new Worker(workerFiles().worker, { workerData: this.setup });
    const lane: Lane = { worker, ready: false, batches: [], timer: null, retiring: false };
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') {
        lane.ready = true;
        this.setupFailures = 0;
        this.startClock(lane);
      } else this.receive(lane, reply.id, reply.results, reply.steps);
    });
    worker.on('error', (error) => this.fail(lane, `crashed the review worker (${error.message})`));
    worker.on('exit', (code) => {
      if (!lane.retiring) this.fail(lane, `stopped the review worker (exit code ${code})`);
    });
    worker.unref();
    return lane;
  }

  private receive(lane: Lane, id: number, results: MessageResult[], steps: (SeriesStep | null)[]): void {
    const batch = lane.batches.shift();
    this.stopClock(lane);
    if (!batch || batch.id !== id) {
      this.fatal = new Error(`review worker answered batch ${id}, expected ${batch?.id}`);
    } else if (results.length !== batch.slots.length) {
      // A slot left without a result would keep the output waiting for it forever.
      this.fatal = new Error(`review worker answered batch ${id} with ${results.length} results for ${batch.slots.length} messages`);
    } else {
      batch.slots.forEach((slot, i) => {
        slot.result = results[i]!;
        slot.step = steps[i] ?? null;
      });
    }
    this.startClock(lane);
    this.wake?.();
  }

  /** A worker went down (or overran): replace it and retry or skip what it held. */
  private fail(lane: Lane, why: string): void {
    if (lane.retiring) return;
    this.retire(lane);
    const [head, ...waiting] = lane.batches;
    lane.batches = [];
    // Batches behind the head were never started: they go again as they were.
    const untouched = waiting.flatMap((b) => b.slots);
    if (!lane.ready) {
      // It never got to the messages: send them again as they were.
      this.unsent.unshift(...(head?.slots ?? []), ...untouched);
      if (++this.setupFailures >= MAX_SETUP_FAILURES) {
        this.fatal = new Error(`review workers keep failing before they can start: the last one ${why.replace(/^\w+ /, '')}`);
      }
    } else if (head !== undefined) {
      const retries: Slot[] = [];
      for (const slot of head.slots) {
        if (slot.retried) slot.result = crashed(slot.input as RawMessage, why);
        else {
          slot.retried = true;
          retries.push(slot);
        }
      }
      this.unsent.unshift(...retries, ...untouched);
    }
    const index = this.lanes.indexOf(lane);
    if (index >= 0 && !this.fatal) this.lanes[index] = this.startLane();
    this.wake?.();
  }

  private retire(lane: Lane): void {
    if (lane.retiring) return;
    lane.retiring = true;
    this.stopClock(lane);
    void lane.worker.terminate();
  }
}
