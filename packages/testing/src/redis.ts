import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { freePort, waitFor } from '@dnp/runner';
import { startProcess, type ManagedProcess } from '@dnp/runner';

/** A throw-away Redis server on 127.0.0.1. */
export interface TestRedis {
  port: number;
  url: string;
  stop(): Promise<void>;
  /**
   * Takes the server away for `downMs` (SIGKILL when `crash`, else a clean shutdown) and starts
   * it again on the same port and data folder: every client connection drops meanwhile. With
   * `persistent` the data survives (append-only file, fsync on every write).
   */
  restart(opts?: { downMs?: number; crash?: boolean }): Promise<void>;
  process: ManagedProcess;
}

/**
 * Starts redis-server (system package) on a free loopback port; without persistence unless
 * `persistent` (then an append-only file written through on every command, as production runs it).
 */
export async function startRedis(opts: { logDir: string; persistent?: boolean }): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'dnp-redis-'));
  const port = await freePort();
  const persistence = opts.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const spawn = () =>
    startProcess(
      'redis',
      '/usr/bin/redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir],
      {
        logFile: join(opts.logDir, 'redis.log'),
      },
    );
  const ready = () =>
    waitFor(
      'Redis to accept connections',
      () =>
        new Promise<boolean>((resolve, reject) => {
          const s = createConnection({ host: '127.0.0.1', port }, () => {
            s.end();
            resolve(true);
          });
          s.on('error', reject);
        }),
    );
  let proc = spawn();
  await ready();
  const redis: TestRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    process: proc,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart(o = {}) {
      if (o.crash) await proc.kill();
      else await proc.stop();
      await new Promise((r) => setTimeout(r, o.downMs ?? 0));
      proc = spawn();
      redis.process = proc;
      await ready();
    },
  };
  return redis;
}
