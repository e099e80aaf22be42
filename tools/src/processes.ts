/**
 * The launcher's child processes (`npm start`): how they are started, how their exit is awaited
 * and how they are stopped.
 *
 * - Every child runs in its own process group (`detached`), so a terminal's Ctrl-C (SIGINT to the
 *   whole foreground group) reaches only the launcher, which then stops the children in order:
 *   gateway, subgraphs, then NATS and PostgreSQL.
 * - Every child's stdin is a pipe from the launcher and `exit-with-parent.cjs` is preloaded: when
 *   the launcher dies without stopping them (kill -9, a crash), stdin ends and each child shuts
 *   itself down the normal way instead of living on with its port.
 * - Waiting for a child's exit works whether or not it has already happened: a child killed by a
 *   signal has `exitCode === null` (its `signalCode` is set) and its `exit` event has already
 *   fired, so `once('exit')` alone would wait for ever.
 * - Every child gets the memory settings of the production image (RUNTIME_ENV below).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Supervised {
  name: string;
  child: ChildProcess;
  /** Settles once the process has exited, by a code or by a signal. */
  exited: Promise<ExitStatus>;
  hasExited(): boolean;
}

const EXIT_WITH_PARENT = path.join(__dirname, 'exit-with-parent.cjs');

/**
 * The memory settings every platform process runs with: here for `npm start` and the benchmarks,
 * and as `ENV` in the production image (infra/docker/Dockerfile; a tools test checks that the two
 * agree). Measured by `npm run measure:rss` and a direct directory-query load (docs/stack-notes.md):
 * - glibc malloc: two arenas, and blocks of 8 KiB and more mapped on their own (returned to the
 *   system when freed) — V8's parser and compiler free most of what they take at start, which
 *   otherwise stays in the heap as holes: 8–13 MB less per idle subgraph. The compiler's zones
 *   (8–32 KiB segments) come and go while a process serves: 8 KiB instead of 32 KiB took up to
 *   10 MB more off the subgraphs that had served the read benchmark (students 115 → 105 MB), at
 *   ×1.00 of the throughput.
 * - V8's young generation capped at 8 MB semi-spaces (the default grows to 16 MB each and never
 *   shrinks back). With the malloc settings: RSS after a load 159 MB against 333 MB with node's
 *   defaults, at ×0.93–1.00 of their throughput (`npm run bench:runtime`, and one earlier ad-hoc run).
 *   1 MB semi-spaces bring every idle subgraph to ≤ 100 MB (14 MB less than 8 MB) but cost 17–18 % of
 *   the throughput; set NODE_OPTIONS=--max-semi-space-size=1 where memory matters more (a later flag
 *   wins).
 * A value already set in the environment is kept; NODE_OPTIONS is appended to.
 */
export const RUNTIME_ENV = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '8192',
  MALLOC_TRIM_THRESHOLD_: '131072',
  NODE_OPTIONS: '--max-semi-space-size=8',
} as const;

/** `env` with RUNTIME_ENV's defaults under it (NODE_OPTIONS: ours first, so the caller's win). */
export function withRuntimeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_OPTIONS, ...malloc } = RUNTIME_ENV;
  return {
    ...malloc,
    ...env,
    NODE_OPTIONS: [NODE_OPTIONS, env.NODE_OPTIONS].filter(Boolean).join(' '),
  };
}

/** True once the process has exited, with a code or killed by a signal. */
export const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Resolves when `child` has exited, at once when that has already happened. */
export function exitOf(child: ChildProcess): Promise<ExitStatus> {
  if (hasExited(child)) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Watch a process that has just been spawned (before it can have exited). */
export function supervise(name: string, child: ChildProcess): Supervised {
  const exited = exitOf(child);
  return { name, child, exited, hasExited: () => hasExited(child) };
}

/**
 * Start a Node.js process for the platform in its own process group, tied to the launcher's
 * lifetime through its stdin (see the file comment). `nodeArgs` come before the entry file
 * (e.g. `--import tsx`).
 */
export function startNodeProcess(
  name: string,
  entry: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; nodeArgs?: string[] },
): Supervised {
  const child = spawn(process.execPath, ['--require', EXIT_WITH_PARENT, ...(options.nodeArgs ?? []), entry], {
    cwd: options.cwd,
    env: withRuntimeEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  // Never written to: the pipe only tells the child that the launcher is alive.
  child.stdin?.on('error', () => undefined);
  return supervise(name, child);
}

/** How a process ended, for messages: "exit code 1", "killed by SIGKILL". */
export const describeExit = (status: ExitStatus) =>
  status.signal ? `killed by ${status.signal}` : `exit code ${status.code}`;

/**
 * Stop a process: SIGTERM (its graceful shutdown), then SIGKILL after `graceMs`. Resolves with
 * how it ended; at once when it had already exited, however it did.
 */
export async function stopProcess(p: Supervised, graceMs = 15_000): Promise<ExitStatus> {
  if (p.hasExited()) return p.exited;
  const timer = setTimeout(() => signal(p, 'SIGKILL'), graceMs);
  try {
    signal(p, 'SIGTERM');
    return await p.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Kill at once (no graceful shutdown) and wait for the exit. */
export async function killProcess(p: Supervised): Promise<ExitStatus> {
  if (!p.hasExited()) signal(p, 'SIGKILL');
  return p.exited;
}

function signal(p: Supervised, name: NodeJS.Signals): void {
  try {
    p.child.kill(name);
  } catch {
    // already gone
  }
}

/**
 * What the launcher does with SIGINT/SIGTERM/SIGHUP. The first one starts a graceful stop. One
 * Ctrl-C can arrive several times (the terminal signals the whole group, and npm and tsx relay it
 * again), so repeats within `repeatWindowMs` are the same keypress; a later one means "hurry":
 * `onForce` kills what is still stopping gracefully (PostgreSQL is still stopped properly).
 */
export function interruptHandler(
  onStop: (signal: NodeJS.Signals) => void,
  onForce: (signal: NodeJS.Signals) => void,
  options: { repeatWindowMs?: number; now?: () => number } = {},
): (signal: NodeJS.Signals) => void {
  const windowMs = options.repeatWindowMs ?? 1500;
  const now = options.now ?? Date.now;
  let firstAt: number | undefined;
  let forced = false;
  return (signal) => {
    if (firstAt === undefined) {
      firstAt = now();
      onStop(signal);
      return;
    }
    if (forced || now() - firstAt < windowMs) return;
    forced = true;
    onForce(signal);
  };
}

const LEVEL_NAMES: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};
const PLAIN_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'service', 'name', 'msg', 'err']);

/**
 * One line of a child's output as the launcher prints it: a pino JSON line becomes
 * `[level ]message[ {other fields}][: error message]` (info lines carry no level word; an
 * error's stack follows on the next lines); anything else is passed through unchanged.
 */
export function readableLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof entry.level !== 'number' || (typeof entry.msg !== 'string' && entry.err === undefined))
    return line;
  const level = LEVEL_NAMES[entry.level];
  const extra = Object.fromEntries(Object.entries(entry).filter(([key]) => !PLAIN_FIELDS.has(key)));
  const err = entry.err as { message?: string; stack?: string } | undefined;
  let text = `${level ? `${level} ` : ''}${typeof entry.msg === 'string' ? entry.msg : ''}`;
  if (Object.keys(extra).length) text += ` ${JSON.stringify(extra)}`;
  if (err?.message) text += `: ${err.message}`;
  if (err?.stack && entry.level >= 50) text += `\n${err.stack.split('\n').slice(1).join('\n')}`;
  return text;
}
