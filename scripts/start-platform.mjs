#!/usr/bin/env node
// Starts the built platform on the embedded default and keeps it running until Ctrl-C.
// Data lives in .data/ (delete it for a fresh demo); secrets are generated once into
// .data/secrets.json so issued tokens stay valid across restarts.
import { startPlatform } from '@dnp/runner';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// --free-ports: let the OS choose ports (several platforms side by side); --data DIR: data folder;
// --redis URL: carry events over Redis Streams at URL instead of the embedded HTTP streams.
const args = process.argv.slice(2);
const freePorts = args.includes('--free-ports');
const redisArg = args.indexOf('--redis');
const redisUrl = redisArg >= 0 ? args[redisArg + 1] : undefined;
if (redisArg >= 0 && !/^rediss?:\/\//.test(redisUrl ?? '')) {
  console.error('--redis needs a redis://host:port URL');
  process.exit(2);
}
const dataArg = args.indexOf('--data');
const dataDir = dataArg >= 0 ? args[dataArg + 1] : join(root, '.data');
mkdirSync(dataDir, { recursive: true });
const secretsFile = join(dataDir, 'secrets.json');
if (!existsSync(secretsFile)) {
  writeFileSync(
    secretsFile,
    JSON.stringify({ auth: randomBytes(32).toString('base64url'), internal: randomBytes(32).toString('base64url') }),
    { mode: 0o600 },
  );
}
const secrets = JSON.parse(readFileSync(secretsFile, 'utf8'));
const started = Date.now();
const platform = await startPlatform({
  root,
  db: { kind: 'sqlite', dir: join(dataDir, 'sqlite') },
  ports: freePorts ? 'free' : 'default',
  logDir: join(dataDir, 'logs'),
  seed: true,
  authSecret: secrets.auth,
  internalSecret: secrets.internal,
  nodeEnv: 'production',
  ...(redisUrl ? { eventBus: { kind: 'redis', url: redisUrl } } : {}),
  gatewayEnv: {
    STATIC_APPS: [`/store=${join(root, 'storefront-dealer/dist')}`, `/console=${join(root, 'console-hq/dist')}`].join(
      ',',
    ),
  },
});
const base = platform.gatewayUrl.replace(/\/graphql$/, '');
const line = '─'.repeat(72);
console.log(`\n${line}\n Dealer network platform is up (${((Date.now() - started) / 1000).toFixed(1)} s)\n${line}`);
console.log(` GraphQL API (gateway)   ${platform.gatewayUrl}`);
for (const [mount, dir] of [
  ['/store/', 'storefront-dealer'],
  ['/console/', 'console-hq'],
]) {
  if (existsSync(join(root, dir, 'dist', 'index.html'))) console.log(` ${dir.padEnd(23)} ${base}${mount}`);
}
console.log(` Ready / live            ${base}/readyz  ${base}/livez`);
console.log(` Logs                    ${join(dataDir, 'logs')}`);
console.log(`\n Demo accounts (password Demo@2026):`);
for (const [user, what] of [
  ['hq_admin', 'HQ admin (everything)'],
  ['east_manager', 'region manager, East China'],
  ['js_admin', 'dealer admin, Jiangsu provincial agent'],
  ['nj_admin', 'dealer admin, Nanjing regional dealer'],
  ['nj_staff', 'dealer staff, Nanjing regional dealer'],
])
  console.log(`   ${user.padEnd(14)} ${what}`);
console.log(
  `\n Try: curl -s ${platform.gatewayUrl} -H 'content-type: application/json' \\\n` +
    `   -d '{"query":"mutation { login(input:{username:\\"nj_admin\\",password:\\"Demo@2026\\"}) { accessToken } }"}'`,
);
console.log(`${line}\n Ctrl-C stops everything.\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping…');
  await platform.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const p of [...platform.gateways, ...Object.values(platform.subgraphs)]) {
  p.process.child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${p.name} exited unexpectedly (${signal ?? code}); see ${p.process.logFile}`);
      void stop();
    }
  });
}
