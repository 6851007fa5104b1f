// Shared helpers for the benchmarks: boot the platform, sample a process's memory, run a
// bounded autocannon load and print a table.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';

/** Samples a process's resident memory every `everyMs` until stopped; returns the peak in MiB. */
export function sampleRss(pid, everyMs = 100) {
  let peak = 0;
  const read = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // the process may have exited
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  return { stop: () => { clearInterval(timer); read(); return peak; }, peek: () => peak };
}

/**
 * Runs autocannon against a GraphQL endpoint: `connections` concurrent connections for at most
 * `seconds` and at most `maxRequests` requests, whichever ends first.
 */
export async function load({ url, query, variables, headers = {}, connections = 50, seconds = 10, maxRequests = 200_000 }) {
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    duration: seconds,
    maxOverallRequests: maxRequests,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

/** Prints rows as an aligned text table. */
export function printTable(title, rows) {
  const cols = Object.keys(rows[0]);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(width[i])).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(cols));
  console.log(`|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
}
