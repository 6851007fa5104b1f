import { pino } from 'pino';
import { config } from './config.js';
import { startGateway } from './server.js';

const log = pino({ name: 'gateway', level: config.LOG_LEVEL, base: { service: 'gateway' } });
const running = await startGateway(config, log);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'shutting down');
    void running.close().finally(() => process.exit(0));
  });
}
