import { describe, expect, it } from 'vitest';
import { guardOutputs, OutputFailed } from '../../src/cli/output.js';

/** A stream that records each write as it is made, in one log shared by stdout and stderr. */
function recorder(log: string[], name: string, isTTY?: boolean) {
  const listeners: ((error: NodeJS.ErrnoException) => void)[] = [];
  return {
    ...(isTTY !== undefined ? { isTTY } : {}),
    write: (text: string) => void log.push(`${name}:${text}`),
    on: (_event: 'error', listener: (error: NodeJS.ErrnoException) => void) => void listeners.push(listener),
    fail: (code: string) => listeners.forEach((l) => l(Object.assign(new Error(code), { code }))),
  };
}

describe('standard output in blocks', () => {
  it('writes many small writes as few large ones, the last at flush, the text unchanged', () => {
    const log: string[] = [];
    const { stdout } = guardOutputs(recorder(log, 'out'), recorder(log, 'err'), () => {});
    stdout.holdWrites();
    const lines = Array.from({ length: 5000 }, (_, i) => `finding ${i}\n`);
    for (const line of lines) stdout.write(line);
    expect(log.length).toBeLessThan(5);
    stdout.flush();
    expect(log.length).toBeLessThan(6);
    expect(log.map((w) => w.slice(4)).join('')).toBe(lines.join(''));
  });

  it('lets standard error follow what standard output already said', () => {
    const log: string[] = [];
    const { stdout, stderr } = guardOutputs(recorder(log, 'out'), recorder(log, 'err'), () => {});
    stdout.holdWrites();
    stdout.write('a\n');
    stdout.write('b\n');
    stderr.write('warning\n');
    stdout.write('c\n');
    stdout.flush();
    expect(log).toEqual(['out:a\nb\n', 'err:warning\n', 'out:c\n']);
  });

  it('writes at once until told to hold writes, and always to a terminal', () => {
    const plain: string[] = [];
    guardOutputs(recorder(plain, 'out'), recorder(plain, 'err'), () => {}).stdout.write('a\n');
    expect(plain).toEqual(['out:a\n']);
    const log: string[] = [];
    const { stdout } = guardOutputs(recorder(log, 'out', true), recorder(log, 'err', true), () => {});
    stdout.holdWrites();
    stdout.write('a\n');
    expect(log).toEqual(['out:a\n']);
  });

  it('stops the run at the next write or flush once the output has failed', () => {
    const log: string[] = [];
    const out = recorder(log, 'out');
    let status = 0;
    const { stdout } = guardOutputs(out, recorder(log, 'err'), (s) => (status = s));
    stdout.holdWrites();
    stdout.write('held\n');
    out.fail('EPIPE');
    expect(status).toBe(141);
    expect(() => stdout.flush()).toThrow(OutputFailed);
    expect(() => stdout.write('more\n')).toThrow(OutputFailed);
  });
});
