/**
 * Preloaded into measured child processes (`node --import probe.js …`): at exit it writes the
 * process's own resource usage (peak RSS, CPU time of all its threads) where the benchmark
 * asked, so that the figures come from the child itself and not from a wrapper around it.
 */
import { writeFileSync } from 'node:fs';

const target = process.env['QEMU_REVIEW_BENCH_PROBE'];
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 }));
  });
}
