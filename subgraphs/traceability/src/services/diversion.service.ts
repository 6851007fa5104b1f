/**
 * The diversion (窜货) rule of docs/domain.md, as pure functions: a code owned by a dealer that is sold
 * or scanned in a region that is neither one of the owner's authorized regions nor inside one
 * of them is diverted.
 */

/** What the rule needs to know about a code and where it turned up. */
export interface DiversionInput {
  /** The dealer the code was shipped to; null while HQ still holds it. */
  ownerDealerId: string | null;
  /** The owner's authorized region ids. */
  authorizedRegionIds: readonly string[];
  /** Ids from the root down to the region of the sale or scan (inclusive). */
  regionPath: readonly string[];
}

/** The verdict; `diverted` false means the event is within the owner's territory (or there is no owner yet). */
export interface DiversionVerdict {
  diverted: boolean;
  /** The authorized region that covers the event's region, when one does. */
  coveredBy: string | null;
}

/**
 * Decides whether a sale or scan is a diversion. A region is inside an authorized region when the
 * authorized id appears on its path, so a province authorization covers all its cities and a
 * national one covers everything. A code not yet shipped has no territory to leave. An owner
 * without any authorization cannot sell anywhere, so every event is a diversion.
 */
export function checkDiversion(input: DiversionInput): DiversionVerdict {
  if (!input.ownerDealerId) return { diverted: false, coveredBy: null };
  const onPath = new Set(input.regionPath);
  const coveredBy = input.authorizedRegionIds.find((id) => onPath.has(id)) ?? null;
  return { diverted: coveredBy === null, coveredBy };
}

/** Splits a materialized path ("/reg_cn/reg_east/") into its ids. */
export function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** Joins ids from the root into a materialized path ("/reg_cn/reg_east/"). */
export function toPath(ids: readonly string[]): string {
  return `/${ids.join('/')}/`;
}

/** Splits a comma-joined id list as stored on codes and alerts. */
export function splitIds(joined: string | null | undefined): string[] {
  return joined ? joined.split(',').filter(Boolean) : [];
}
