// The embedded PostgreSQL of `npm start` after a crash, with a real server: a server orphaned by a
// killed launcher is stopped and the folder starts again; a lock naming a pid that is not a
// PostgreSQL is cleared; a first start killed during initdb leaves nothing in the way.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { clearStalePostgres, freePort, startEmbeddedPostgresProcess } from '../infra.mjs';

jest.setTimeout(120_000);

const scratch = mkdtempSync(path.join(os.tmpdir(), 'smss-pg-recovery-'));
// As root the server runs as the `postgres` user, which must be able to reach the folders.
chmodSync(scratch, 0o755);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('embedded PostgreSQL recovery', () => {
  it('stops a server orphaned by a killed launcher, then starts on the same folder again', async () => {
    const dataDir = path.join(scratch, 'orphan', 'postgres');
    const first = await startEmbeddedPostgresProcess({ dataDir, port: await freePort(), persistent: true });
    expect(await answers(first.url)).toBe(true);
    const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    // kill -9 of the launcher and its runner at once: nothing is left to stop the server.
    process.kill(first.pid!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    expect(isAlive(postmaster)).toBe(true);

    const notices: string[] = [];
    const second = await startEmbeddedPostgresProcess({
      dataDir,
      port: await freePort(),
      persistent: true,
      notice: (m) => notices.push(m),
    });
    try {
      expect(notices).toEqual([
        `PostgreSQL (pid ${postmaster}) from an earlier run is still running on ${dataDir}; stopping it`,
      ]);
      expect(isAlive(postmaster)).toBe(false);
      expect(await answers(second.url)).toBe(true);
    } finally {
      await second.stop();
    }
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
  });

  it('clears a lock whose pid now belongs to another program (a reboot reuses pids)', async () => {
    const dataDir = path.join(scratch, 'reboot', 'postgres');
    mkdirSync(dataDir, { recursive: true });
    const sleeper = spawnSync('sh', ['-c', 'sleep 30 >/dev/null 2>&1 & echo $!'], { encoding: 'utf8' });
    const pid = Number(sleeper.stdout.trim());
    try {
      writeFileSync(
        path.join(dataDir, 'postmaster.pid'),
        `${pid}\n${dataDir}\n1764000000\n5432\n/tmp\n127.0.0.1\n`,
      );
      const notices: string[] = [];
      await clearStalePostgres(dataDir, (m) => notices.push(m));
      expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
      expect(notices).toEqual([
        `clearing a stale lock: ${path.join(dataDir, 'postmaster.pid')} names pid ${pid}, which is not a running PostgreSQL`,
      ]);
      expect(isAlive(pid)).toBe(true); // the other program is left alone
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });

  it('starts on a folder where a first start was killed during initdb', async () => {
    const dataDir = path.join(scratch, 'initdb', 'postgres');
    // What an interrupted first start leaves: the empty target and a half-made cluster beside it.
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(`${dataDir}.initdb/base`, { recursive: true });
    writeFileSync(`${dataDir}.initdb/PG_VERSION`, '18\n');
    const pg = await startEmbeddedPostgresProcess({ dataDir, port: await freePort(), persistent: true });
    try {
      expect(await answers(pg.url)).toBe(true);
      expect(existsSync(`${dataDir}.initdb`)).toBe(false);
    } finally {
      await pg.stop();
    }
  });

  it("puts PostgreSQL's own last log lines in the error when it cannot start", async () => {
    const dataDir = path.join(scratch, 'broken', 'postgres');
    const pg = await startEmbeddedPostgresProcess({ dataDir, port: await freePort(), persistent: true });
    await pg.stop();
    writeFileSync(path.join(dataDir, 'postgresql.auto.conf'), "shared_buffers = 'lots'\n");
    await expect(
      startEmbeddedPostgresProcess({ dataDir, port: await freePort(), persistent: true }),
    ).rejects.toThrow(
      /PostgreSQL did not start on .*Its last log lines:\n.*invalid value for parameter "shared_buffers": "lots"/s,
    );
  });
});
