import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startProcess, waitFor, type ManagedProcess } from '@dnp/runner';

/** A throw-away S3-compatible server (s3rver: the S3 HTTP API on a folder) on 127.0.0.1, with one bucket. */
export interface TestS3 {
  port: number;
  /** http://127.0.0.1:<port>: the endpoint to address path-style. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The variables that put a subgraph's blob store in this server's bucket (BLOB_STORE=s3). */
  env: Record<string, string>;
  /** The keys in the bucket under `prefix`, listed through the S3 API (every page). */
  keys(prefix?: string): Promise<string[]>;
  stop(): Promise<void>;
  process: ManagedProcess;
}

// s3rver's built-in account: it refuses any other access key (it does not verify SigV4 signatures).
const S3RVER_KEY = 'S3RVER';

// The server runs in a child process of its own, as MariaDB and Redis do, and ends when its parent's
// pipe closes (like the platform's processes), so a killed test run leaves no server behind.
const SERVER_SCRIPT = `
const [main, port, directory, bucket] = process.argv.slice(1);
const S3rver = require(main);
const server = new S3rver({ address: '127.0.0.1', port: Number(port), directory, silent: true,
  configureBuckets: [{ name: bucket, configs: [] }] });
const stop = () => server.close().finally(() => process.exit(0));
server.run().then(() => console.log('s3rver listening on ' + port), (err) => { console.error(err); process.exit(1); });
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
`;

/**
 * Starts s3rver (a real S3 HTTP server written in Node, the npm package) on a free loopback port with
 * its objects in a temporary folder, and the bucket created before it listens. It refuses an unknown
 * access key as S3 does; unlike S3 it rewrites an object's file in place when the key is written again.
 */
export async function startS3Server(opts: { logDir: string; bucket?: string }): Promise<TestS3> {
  const dir = mkdtempSync(join(tmpdir(), 'dnp-s3-'));
  const port = await freePort();
  const bucket = opts.bucket ?? 'dnp-blobs';
  const main = createRequire(import.meta.url).resolve('s3rver');
  const proc = startProcess('s3', process.execPath, ['-e', SERVER_SCRIPT, main, String(port), dir, bucket], {
    logFile: join(opts.logDir, 's3.log'),
  });
  await waitFor('the S3 server to accept connections', async () => {
    if (proc.child.exitCode !== null) throw new Error(`s3rver exited with ${proc.child.exitCode}; see ${proc.logFile}`);
    await new Promise<void>((resolve, reject) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.end();
        resolve();
      });
      s.on('error', reject);
    });
    return true;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const region = 'us-east-1';
  return {
    port,
    endpoint,
    bucket,
    region,
    accessKeyId: S3RVER_KEY,
    secretAccessKey: S3RVER_KEY,
    env: {
      BLOB_STORE: 's3',
      S3_ENDPOINT: endpoint,
      S3_REGION: region,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: S3RVER_KEY,
      S3_SECRET_ACCESS_KEY: S3RVER_KEY,
      S3_FORCE_PATH_STYLE: 'true',
    },
    keys: (prefix) => listKeys(endpoint, region, bucket, prefix),
    process: proc,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function listKeys(endpoint: string, region: string, bucket: string, prefix?: string): Promise<string[]> {
  const { ListObjectsV2Command, S3Client } = await import('@aws-sdk/client-s3');
  const credentials = { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY };
  const client = new S3Client({ endpoint, region, forcePathStyle: true, credentials });
  const keys: string[] = [];
  try {
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).map((object) => object.Key!));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } finally {
    client.destroy();
  }
  return keys;
}
