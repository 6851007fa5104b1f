import { createLogger } from '@dnp/subgraph-kit';
import { config } from '../config.js';
import { SagaReferenceCache } from './saga-reference.cache.js';
import { RemoteSagaServices, type DealerInfo, type ProductInfo } from './saga-services.js';
import { SagaRunner, type SagaSettings } from './saga-runner.js';

let runner: SagaRunner | undefined;
let references: SagaReferenceCache<ProductInfo, DealerInfo> | undefined;

/** The process's saga reference cache (SAGA_REFERENCE_CACHE_MS): the runner reads through it, `orders:caches` drops. */
export function sagaReferenceCache(): SagaReferenceCache<ProductInfo, DealerInfo> {
  references ??= new SagaReferenceCache(config.SAGA_REFERENCE_CACHE_MS);
  return references;
}

/** The saga settings from the configuration (lease: three step timeouts plus a second). */
export function sagaSettingsFromConfig(): SagaSettings {
  return {
    reviewThresholdMinor: config.REVIEW_AMOUNT_THRESHOLD_MINOR,
    stepTimeoutMs: config.SAGA_STEP_TIMEOUT_MS,
    deadlineSeconds: config.SAGA_DEADLINE_SECONDS,
    leaseMs: config.SAGA_STEP_TIMEOUT_MS * 3 + 1000,
    faultAfterStep: config.SAGA_FAULT_AFTER_STEP,
  };
}

/**
 * The process's saga runner: built on first use from the configuration (service calls over
 * HTTP), or the one a test installed with `useSagaRunner`.
 */
export function sagaRunner(): SagaRunner {
  runner ??= new SagaRunner(
    new RemoteSagaServices({
      subgraphUrls: config.SUBGRAPH_URLS,
      secret: config.INTERNAL_JWT_SECRET,
      timeoutMs: config.SAGA_STEP_TIMEOUT_MS,
      referenceCache: sagaReferenceCache(),
    }),
    sagaSettingsFromConfig(),
    createLogger('orders-saga', config.LOG_LEVEL),
  );
  return runner;
}

/** Installs a runner (unit tests pass fake services); returns the previous one. */
export function useSagaRunner(next: SagaRunner | undefined): SagaRunner | undefined {
  const previous = runner;
  runner = next;
  return previous;
}
