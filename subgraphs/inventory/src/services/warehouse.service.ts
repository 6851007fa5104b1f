import { canRead, dataScopeOf, isDealerRole, NotFoundError, type Viewer } from '@dnp/subgraph-kit';
import { WarehouseKind, type Warehouse } from '../entities/warehouse.entity.js';
import type { InventoryContext } from '../inventory-context.js';

/**
 * The warehouses a viewer may see (the kit's DataScope on warehouses): HQ and services all; a
 * region manager those located in their region subtree; dealer users the brand's HQ and regional
 * warehouses (where they order from) plus their own dealer's and, read-only, their sub-dealers';
 * a DEALER_READ partner the same for its dealer; a warehouse operator exactly the warehouses of its
 * claim; catalogue-only partners none. Every stock level, lot and movement read goes through this.
 */
export function visibleWarehouses(viewer: Viewer, all: Warehouse[]): Warehouse[] {
  const scope = dataScopeOf(viewer);
  switch (scope.kind) {
    case 'all':
      return all;
    case 'region':
      return all.filter((w) => canRead(scope, { regionPath: w.regionPath }));
    case 'dealer':
      return all.filter(
        (w) => w.kind !== WarehouseKind.DEALER || (w.dealerId != null && scope.readDealerIds.includes(w.dealerId)),
      );
    case 'warehouse':
      return all.filter((w) => canRead(scope, { warehouseId: w.id }));
    case 'none':
      return [];
  }
}

/**
 * The active warehouses whose stock the viewer may order from: HQ and regional warehouses for
 * everyone (anonymous included), plus the dealer's own warehouse for dealer users.
 */
export function orderableWarehouses(viewer: Viewer | null, all: Warehouse[]): Warehouse[] {
  const dealerId = viewer && isDealerRole(viewer.role) ? viewer.dealerId : undefined;
  return all.filter(
    (w) => w.active && (w.kind !== WarehouseKind.DEALER || (dealerId != null && w.dealerId === dealerId)),
  );
}

/** Warehouse reads, scoped to the viewer. */
export class WarehouseService {
  /** The warehouses the viewer may see (UNAUTHENTICATED for anonymous callers), HQ first. */
  async list(ctx: InventoryContext): Promise<Warehouse[]> {
    const viewer = ctx.requireViewer();
    return visibleWarehouses(viewer, await ctx.loaders.allWarehouses());
  }

  /** Ids of the warehouses the viewer may see. */
  async visibleIds(ctx: InventoryContext): Promise<Set<string>> {
    return new Set((await this.list(ctx)).map((w) => w.id));
  }

  /** One warehouse; NOT_FOUND when unknown or outside the viewer's scope. */
  async findOne(ctx: InventoryContext, id: string): Promise<Warehouse> {
    const warehouse = (await this.list(ctx)).find((w) => w.id === id);
    if (!warehouse) throw new NotFoundError('Warehouse', id);
    return warehouse;
  }

  /** The warehouses of one dealer that the viewer may see. */
  async forDealer(ctx: InventoryContext, dealerId: string): Promise<Warehouse[]> {
    return (await this.list(ctx)).filter((w) => w.dealerId === dealerId);
  }

  /** The warehouses located in a region or any region below it that the viewer may see. */
  async forRegion(ctx: InventoryContext, regionId: string): Promise<Warehouse[]> {
    return (await this.list(ctx)).filter((w) => w.regionPath.includes(`/${regionId}/`));
  }

  /** True when the viewer may see this warehouse (false for anonymous callers). */
  async isVisible(ctx: InventoryContext, warehouseId: string): Promise<boolean> {
    if (!ctx.viewer) return false;
    return visibleWarehouses(ctx.viewer, await ctx.loaders.allWarehouses()).some((w) => w.id === warehouseId);
  }
}
