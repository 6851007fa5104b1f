import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@dnp/runner';
import { startProcess, type ManagedProcess } from '@dnp/runner';

/** A throw-away MariaDB server on 127.0.0.1, with its data in a temporary folder. */
export interface TestMariaDb {
  port: number;
  /** URL of the server for a database name, e.g. `url('orders')`. */
  url(database: string): string;
  /** Runs SQL through the mariadb client as root. */
  sql(statement: string): string;
  stop(): Promise<void>;
  process: ManagedProcess;
}

function which(...names: string[]): string {
  for (const n of names) {
    for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/bin', '/usr/local/sbin']) {
      if (existsSync(join(dir, n))) return join(dir, n);
    }
  }
  throw new Error(`None of ${names.join(', ')} is installed; run the README's test command, which installs MariaDB`);
}

/**
 * Starts a fresh MariaDB server (mariadbd from the system package) listening only on
 * 127.0.0.1 at a free port, with root reachable without a password from the harness.
 */
export async function startMariaDb(opts: { logDir: string }): Promise<TestMariaDb> {
  const dir = mkdtempSync(join(tmpdir(), 'dnp-mariadb-'));
  const datadir = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const installDb = which('mariadb-install-db', 'mysql_install_db');
  execFileSync(
    installDb,
    [
      '--no-defaults',
      `--datadir=${datadir}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ],
    { stdio: 'ignore' },
  );
  const port = await freePort();
  const server = which('mariadbd', 'mysqld');
  const proc = startProcess(
    'mariadb',
    server,
    [
      '--no-defaults',
      `--datadir=${datadir}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      '--user=root',
      '--skip-name-resolve',
      '--innodb-buffer-pool-size=256M',
      '--innodb-flush-log-at-trx-commit=2',
      '--max-connections=1000',
      '--innodb-log-file-size=128M',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      '--skip-log-bin',
      '--thread-handling=pool-of-threads',
    ],
    { logFile: join(opts.logDir, 'mariadb.log') },
  );
  const client = which('mariadb', 'mysql');
  const sql = (statement: string) =>
    execFileSync(client, ['--no-defaults', `--socket=${socket}`, '-uroot', '-N', '-e', statement], {
      encoding: 'utf8',
    });
  await waitFor(
    'MariaDB to accept connections',
    async () => {
      if (proc.child.exitCode !== null)
        throw new Error(`mariadbd exited with ${proc.child.exitCode}; see ${proc.logFile}`);
      await new Promise<void>((resolve, reject) => {
        const s = createConnection({ host: '127.0.0.1', port }, () => {
          s.end();
          resolve();
        });
        s.on('error', reject);
      });
      sql('select 1');
      return true;
    },
    60_000,
    200,
  );
  // Remote-style access over TCP for the services, as production would have it.
  sql(
    "CREATE USER IF NOT EXISTS 'dnp'@'127.0.0.1' IDENTIFIED BY 'dnp'; GRANT ALL ON *.* TO 'dnp'@'127.0.0.1'; " +
      'FLUSH PRIVILEGES;',
  );
  return {
    port,
    url: (database: string) => `mysql://dnp:dnp@127.0.0.1:${port}/${database}`,
    sql,
    process: proc,
    async stop() {
      await proc.stop(15_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
