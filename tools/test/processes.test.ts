// The launcher's process handling with real child processes (no fakes): waiting for exits that
// have already happened, stopping in time, dying with the launcher, and telling one Ctrl-C
// (delivered several times) from a second one.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  exitOf,
  interruptHandler,
  killProcess,
  readableLogLine,
  startNodeProcess,
  stopProcess,
  supervise,
  type Supervised,
} from '../src/processes';

const ROOT = path.resolve(__dirname, '../..');
const started: Supervised[] = [];

/** A Node.js child running `code`, its exit watched from the start like the launcher's. */
function node(code: string): Supervised {
  const p = supervise(
    'test',
    spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] }),
  );
  started.push(p);
  return p;
}

/** Resolves with the first line the process prints (its "I am ready" signal). */
const firstLine = (p: Supervised) =>
  new Promise<string>((resolve) => p.child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

afterAll(async () => {
  await Promise.all(started.map((p) => killProcess(p)));
});

describe('waiting for a child process to exit', () => {
  it('returns at once for a child already killed by a signal (exitCode is null, exit has fired)', async () => {
    const p = node(`console.log('up'); setInterval(() => {}, 1000);`);
    await firstLine(p);
    p.child.kill('SIGINT');
    await p.exited;
    expect(p.child.exitCode).toBeNull();
    expect(await stopProcess(p, 60_000)).toEqual({ code: null, signal: 'SIGINT' });
    // And a watcher attached only now, after the exit event, still resolves.
    expect(await exitOf(p.child)).toEqual({ code: null, signal: 'SIGINT' });
  });

  it('returns at once for a child that already exited with a code', async () => {
    const p = node(`process.exit(3)`);
    await p.exited;
    expect(await stopProcess(p, 60_000)).toEqual({ code: 3, signal: null });
  });
});

describe('stopping a child process', () => {
  it('sends SIGTERM and waits for the graceful shutdown', async () => {
    const p = node(
      `process.on('SIGTERM', () => setTimeout(() => process.exit(0), 200)); console.log('up'); setInterval(() => {}, 1000);`,
    );
    await firstLine(p);
    const began = Date.now();
    expect(await stopProcess(p, 10_000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - began).toBeGreaterThanOrEqual(150);
  });

  it('kills a child that ignores SIGTERM once the grace period is over', async () => {
    const p = node(`process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000);`);
    await firstLine(p);
    const began = Date.now();
    expect(await stopProcess(p, 300)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(Date.now() - began).toBeLessThan(5000);
  });
});

describe('a process started by the launcher', () => {
  it('runs in its own process group, so a Ctrl-C to the terminal does not reach it', async () => {
    const p = startNodeProcess('group', '-', {
      cwd: ROOT,
      env: process.env,
      nodeArgs: ['-e', 'setInterval(() => {}, 1000)'],
    });
    started.push(p);
    const pgid = spawn('ps', ['-o', 'pgid=', '-p', String(p.child.pid)]);
    const out = await new Promise<string>((resolve) => {
      let text = '';
      pgid.stdout.on('data', (d: Buffer) => (text += d.toString()));
      pgid.once('close', () => resolve(text.trim()));
    });
    expect(Number(out)).toBe(p.child.pid);
    expect(Number(out)).not.toBe(process.pid);
    await stopProcess(p, 5000);
  });

  it('shuts itself down with SIGTERM when the launcher dies without stopping it (kill -9)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'smss-launcher-test-'));
    const marker = path.join(dir, 'graceful');
    const childScript = path.join(dir, 'child.js');
    writeFileSync(
      childScript,
      `process.on('SIGTERM', () => { require('fs').writeFileSync(${JSON.stringify(marker)}, 'yes'); process.exit(0); });
       setInterval(() => {}, 1000);`,
    );
    // A stand-in launcher: starts the child the way the launcher does, prints its pid, then waits.
    const launcherScript = path.join(dir, 'launcher.js');
    writeFileSync(
      launcherScript,
      `const { startNodeProcess } = require(${JSON.stringify(require.resolve('tsx/cjs/api'))})
         .require(${JSON.stringify(path.join(ROOT, 'tools/src/processes.ts'))}, __filename);
       const p = startNodeProcess('child', ${JSON.stringify(childScript)}, { cwd: ${JSON.stringify(ROOT)}, env: process.env, nodeArgs: ['--import', 'tsx'] });
       console.log(p.child.pid);
       setInterval(() => {}, 1000);`,
    );
    const launcher = supervise(
      'launcher',
      spawn(process.execPath, [launcherScript], { stdio: ['ignore', 'pipe', 'inherit'] }),
    );
    started.push(launcher);
    const childPid = Number(await firstLine(launcher));
    // Up, and staying up while the launcher lives (tsx's loader thread must not trip the watch).
    await new Promise((r) => setTimeout(r, 1500));
    expect(isAlive(childPid)).toBe(true);
    launcher.child.kill('SIGKILL');
    await launcher.exited;
    expect(await waitUntil(() => !isAlive(childPid), 10_000)).toBe(true);
    expect(existsSync(marker)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('interrupt handling (one Ctrl-C may arrive several times)', () => {
  it('starts one graceful stop for signals that arrive together, and forces only on a later one', () => {
    let clock = 0;
    const calls: string[] = [];
    const handle = interruptHandler(
      (s) => calls.push(`stop ${s}`),
      (s) => calls.push(`force ${s}`),
      { repeatWindowMs: 1500, now: () => clock },
    );
    handle('SIGINT');
    clock = 20;
    handle('SIGINT'); // npm relaying the same keypress
    clock = 400;
    handle('SIGTERM');
    expect(calls).toEqual(['stop SIGINT']);
    clock = 3000;
    handle('SIGINT'); // the user pressing Ctrl-C again
    clock = 4000;
    handle('SIGINT');
    expect(calls).toEqual(['stop SIGINT', 'force SIGINT']);
  });
});

describe("the launcher's view of a child's log lines", () => {
  it('prints a pino info line as its message and fields, without the JSON noise', () => {
    const line = JSON.stringify({
      level: 30,
      time: 1,
      service: 'students',
      name: 'students',
      msg: 'demo: students 40/366 schools',
      step: 'students',
    });
    expect(readableLogLine(line)).toBe('demo: students 40/366 schools {"step":"students"}');
  });

  it('names the level of warnings and errors and keeps the error message and stack', () => {
    const line = JSON.stringify({
      level: 60,
      msg: 'schools failed to start',
      err: { message: 'boom', stack: 'Error: boom\n    at main (index.ts:1:1)' },
    });
    expect(readableLogLine(line)).toBe('fatal schools failed to start: boom\n    at main (index.ts:1:1)');
  });

  it('passes through anything that is not a pino line', () => {
    expect(readableLogLine('plain text')).toBe('plain text');
    expect(readableLogLine('{not json')).toBe('{not json');
    expect(readableLogLine('{"a":1}')).toBe('{"a":1}');
  });
});
