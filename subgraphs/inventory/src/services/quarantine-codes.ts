import { ServiceClient, serviceUrls } from '@dnp/subgraph-kit';
import { loadConfig } from '../config.js';

/** traceability `releaseQuarantinedCodes`: a product's lots in a warehouse and their quarantined units now. */
export interface QuarantinedLots {
  warehouseId: string;
  productId: string;
  lots: { lotNumber: string; quarantined: number }[];
}

/** What inventory tells traceability when quarantined stock is released (specs install a fake). */
export interface QuarantineCodes {
  /** Releases the returned codes quarantined beyond `lots`' counts; answers how many. */
  release(input: QuarantinedLots): Promise<number>;
}

const RELEASE = `mutation InventoryReleaseQuarantinedCodes($input: ReleaseQuarantinedCodesInput!) {
  releaseQuarantinedCodes(input: $input) { codeCount errors { code message } } }`;

/** The traceability subgraph over HTTP, as the SERVICE identity. */
class RemoteQuarantineCodes implements QuarantineCodes {
  private client: ServiceClient | undefined;

  async release(input: QuarantinedLots): Promise<number> {
    const config = loadConfig();
    this.client ??= new ServiceClient({
      caller: 'inventory',
      target: 'traceability',
      url: serviceUrls(config.SUBGRAPH_URLS).traceability!,
      secret: config.INTERNAL_JWT_SECRET,
    });
    const data = await this.client.request<{
      releaseQuarantinedCodes: { codeCount: number; errors: { code: string; message: string }[] };
    }>(RELEASE, { input });
    const { codeCount, errors } = data.releaseQuarantinedCodes;
    if (errors.length) throw new Error(`releaseQuarantinedCodes refused: ${errors[0]!.code} ${errors[0]!.message}`);
    return codeCount;
  }
}

let current: QuarantineCodes | undefined;

/** The process's link to traceability's quarantine: built on first use, or the one a spec installed. */
export function quarantineCodes(): QuarantineCodes {
  current ??= new RemoteQuarantineCodes();
  return current;
}

/** Installs `next` (a spec's fake; undefined: back to the remote one); answers the previous one. */
export function useQuarantineCodes(next: QuarantineCodes | undefined): QuarantineCodes | undefined {
  const previous = current;
  current = next;
  return previous;
}
