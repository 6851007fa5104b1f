import { pino, type Logger } from 'pino';

/** Creates the structured (JSON) logger of a service. */
export function createLogger(service: string, level: string): Logger {
  return pino({ name: service, level, base: { service } });
}
export type { Logger };
