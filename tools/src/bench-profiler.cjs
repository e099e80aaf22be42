/**
 * Preloaded (`--require`) into the processes `npm run bench:read` starts when BENCH_PROFILE=1: the
 * first SIGUSR2 starts the V8 CPU profiler, the next one stops it and writes
 * `<BENCH_PROFILE_DIR>/<BENCH_PROFILE_NAME>-<n>.cpuprofile` (open in Chrome DevTools or speedscope;
 * the bench prints a summary). Only the measured round is profiled, not the start-up or the demo load.
 */
'use strict';
const { Session } = require('node:inspector');
const { writeFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');

const dir = process.env.BENCH_PROFILE_DIR;
const name = process.env.BENCH_PROFILE_NAME || `pid-${process.pid}`;
if (dir) {
  const session = new Session();
  session.connect();
  let running = false;
  let n = 0;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')),
      );
      return;
    }
    running = false;
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      n += 1;
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${name}-${n}.cpuprofile`);
      writeFileSync(file, JSON.stringify(result.profile));
      process.stderr.write(`BENCH_PROFILE_WRITTEN ${file}\n`);
    });
  });
}
