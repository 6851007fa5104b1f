import { createLogger } from '@dnp/subgraph-kit';
import { config } from '../config.js';
import { RemoteFulfilmentServices, type FulfilmentServices } from './fulfilment-services.js';
import { FulfilmentRunner, type FulfilmentSettings } from './fulfilment-runner.js';
import { fulfilmentTaskKinds } from './fulfilment-tasks.js';

/** The process's fulfilment: the remote services, the task runner and how long a request waits for it. */
export interface Fulfilment {
  services: FulfilmentServices;
  runner: FulfilmentRunner;
  /** How long a request waits for its task before answering with settlement PENDING, in ms. */
  inlineTimeoutMs: number;
}

let current: Fulfilment | undefined;

/** The runner settings from the configuration (lease: three step timeouts plus a second). */
export function fulfilmentSettingsFromConfig(): FulfilmentSettings {
  return { stepTimeoutMs: config.FULFILMENT_STEP_TIMEOUT_MS, leaseMs: config.FULFILMENT_STEP_TIMEOUT_MS * 3 + 1000 };
}

/** Builds a fulfilment over `services` (specs pass fakes; `faultAfterEffect` simulates a crash). */
export function createFulfilment(
  services: FulfilmentServices,
  settings: FulfilmentSettings = fulfilmentSettingsFromConfig(),
  inlineTimeoutMs = config.FULFILMENT_INLINE_TIMEOUT_MS,
  faultAfterEffect?: ConstructorParameters<typeof FulfilmentRunner>[3],
): Fulfilment {
  const log = createLogger('orders-fulfilment', config.LOG_LEVEL);
  const runner = new FulfilmentRunner(fulfilmentTaskKinds(services), settings, log, faultAfterEffect);
  return { services, runner, inlineTimeoutMs };
}

/** The process's fulfilment: built on first use from the configuration, or the one a spec installed. */
export function fulfilment(): Fulfilment {
  current ??= createFulfilment(
    new RemoteFulfilmentServices({
      subgraphUrls: config.SUBGRAPH_URLS,
      secret: config.INTERNAL_JWT_SECRET,
      timeoutMs: config.FULFILMENT_STEP_TIMEOUT_MS,
    }),
  );
  return current;
}

/** Installs a fulfilment (specs pass fake services); returns the previous one. */
export function useFulfilment(next: Fulfilment | undefined): Fulfilment | undefined {
  const previous = current;
  current = next;
  return previous;
}

/**
 * Runs task `taskId` and waits for it at most the inline timeout: the request then answers (with
 * settlement PENDING if unfinished) while the run goes on; the resumer finishes what it leaves.
 */
export async function runInline(root: Parameters<FulfilmentRunner['run']>[0], taskId: string): Promise<void> {
  const f = fulfilment();
  let timer: NodeJS.Timeout | undefined;
  const run = f.runner.run(root, taskId).catch(() => 'SUSPENDED');
  await Promise.race([run, new Promise((r) => (timer = setTimeout(r, f.inlineTimeoutMs)))]);
  clearTimeout(timer);
}
