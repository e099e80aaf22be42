import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/*
 * A private nats-server for tests that kill the broker or need users and permissions: the shared
 * server on 127.0.0.1:4222 has no authentication and must not be killed.
 */

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const waitForPort = async (port: number, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nats-server did not listen on ${port}`);
};

export const NATS_SERVER =
  ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find((p) =>
    existsSync(p),
  ) ?? 'nats-server';

export interface PrivateNats {
  url: string;
  port: number;
  storeDir: string;
  /** Stop the server abruptly (SIGKILL: no flush, no goodbye), keeping its file store. */
  kill: () => Promise<void>;
  /** Start it again on the same port and store. */
  restart: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * A private `nats-server -js` with file storage on a free port (and a config file, for users):
 * tests that kill the broker or need authentication do not touch the machine's shared server.
 */
export async function startPrivateNats(options: { configFile?: string } = {}): Promise<PrivateNats> {
  const port = await freePort();
  const storeDir = mkdtempSync(path.join(os.tmpdir(), 'smss-nats-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    const args = [
      ...(options.configFile ? ['-c', options.configFile] : []),
      ...['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir],
    ];
    child = spawn(NATS_SERVER, args, { stdio: 'ignore' });
    await waitForPort(port);
  };
  const halt = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill(signal);
    });
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    kill: () => halt('SIGKILL'),
    restart: start,
    stop: async () => {
      await halt('SIGTERM');
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
