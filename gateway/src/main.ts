import { pino } from 'pino';
import { config } from './config.js';
import { startGateway } from './server.js';

const log = pino({ name: 'gateway', level: config.LOG_LEVEL, base: { service: 'gateway' } });
const running = await startGateway(config, log);
const shutdown = (reason: string) => {
  log.info({ reason }, 'shutting down');
  void running.close().finally(() => process.exit(0));
};
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
if (config.EXIT_WITH_PARENT) {
  // The parent holds our stdin open; when it dies, the pipe closes and we follow.
  process.stdin.once('close', () => shutdown('parent exited'));
  process.stdin.resume();
}
