import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { TestPlatform } from './platform.js';

// Helpers of the network-administration suites (issue 15): e2e/network-admin*.e2e.ts.

/**
 * Runs statements on a subgraph's database outside its process (as another instance, or an operator,
 * would), on either dialect: MariaDB through the test server's client, SQLite through node:sqlite.
 */
export function sqlOf(t: TestPlatform): (subgraph: string, statement: string) => void {
  if (t.mariadb) return (subgraph, statement) => void t.mariadb!.sql(`use dnp_${subgraph}; ${statement}`);
  const { DatabaseSync } = createRequire(import.meta.url)('node:sqlite') as typeof import('node:sqlite');
  return (subgraph, statement) => {
    const db = new DatabaseSync(join(t.dataDir!, `${subgraph}.sqlite`), { timeout: 5000 });
    try {
      db.exec(statement);
    } finally {
      db.close();
    }
  };
}

/** A valid EAN-13 from a 12-digit body (GS1 check digit appended). */
export function ean13(body: string): string {
  let sum = 0;
  [...body].reverse().forEach((d, i) => (sum += Number(d) * (i % 2 === 0 ? 3 : 1)));
  return body + ((10 - (sum % 10)) % 10);
}

/** GB 32100 check character of 17 code characters (the e2e cannot import the subgraph's rule). */
export function creditCode(first17: string): string {
  const set = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((s, c, i) => s + set.indexOf(c) * weights[i]!, 0);
  return first17 + set[(31 - (sum % 31)) % 31];
}

/** The gateway's base URL (no `/graphql`): where `/uploads` and `/media` are served. */
export function gatewayBase(t: TestPlatform): string {
  return t.platform.gatewayUrl.replace(/\/graphql$/, '');
}

/** Uploads `body` as `purpose` through the gateway (anonymous without `token`); the status, code and answer. */
export async function uploadFile(base: string, purpose: string, body: Buffer, token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res = await fetch(`${base}/uploads?purpose=${purpose}`, {
    method: 'POST',
    headers,
    body: new Uint8Array(body),
  });
  const json = (await res.json()) as {
    uploadId?: string;
    contentType?: string;
    errors?: { extensions: { code: string } }[];
  };
  return { status: res.status, code: json.errors?.[0]?.extensions.code, json };
}
