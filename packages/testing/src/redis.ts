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
  process: ManagedProcess;
}

/** Starts redis-server (system package) on a free loopback port, without persistence. */
export async function startRedis(opts: { logDir: string }): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'dnp-redis-'));
  const port = await freePort();
  const proc = startProcess('redis', '/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    logFile: join(opts.logDir, 'redis.log'),
  });
  await waitFor('Redis to accept connections', () => new Promise<boolean>((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => { s.end(); resolve(true); });
    s.on('error', reject);
  }));
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    process: proc,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
