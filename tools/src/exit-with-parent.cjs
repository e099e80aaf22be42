// Preloaded (`node --require`) into every process `npm start` launches (tools/src/processes.ts).
// The launcher holds the other end of this process's stdin and never writes to it. When the
// launcher dies without stopping this process (kill -9, a crash, a closed terminal), stdin ends:
// stop the normal way (SIGTERM, the service's own graceful shutdown) instead of living on as an
// orphan that keeps its port and its database connections.
// Main thread only: `--require` also runs in worker threads (tsx's loader thread among them),
// whose `process.stdin` is not this pipe.
'use strict';
const { isMainThread } = require('node:worker_threads');
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  process.kill(process.pid, 'SIGTERM');
};
if (isMainThread) {
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
  // Reading stdin must not keep a process alive that has finished its work.
  if (typeof process.stdin.unref === 'function') process.stdin.unref();
}
