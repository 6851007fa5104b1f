import { domainError, insertAudit, Role } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { CodeLevel, CodeStatus, SerialCode } from '../entities/serial-code.entity.js';
import type { TraceabilityContext } from '../traceability-context.js';
import type { CodeBatchResult } from './code-batch.service.js';

/** Quarantined stock of a product released to sale: its lots and the units each still holds quarantined. */
export interface ReleaseQuarantinedCodes {
  warehouseId: string;
  productId: string;
  lots: { lotNumber: string; quarantined: number }[];
}

const MAX_LOTS = 200;

/**
 * Serial codes follow inventory's quarantine (§5, §7 of docs/design/order-to-cash.md): when HQ
 * releases quarantined units to sale (adjustStock RELEASE), the returned item codes of that
 * product, lot and warehouse quarantined beyond what inventory still holds quarantined are
 * released too, lowest code first, then the cases and pallets none of whose contents stay
 * quarantined. The input states the remaining counts, so a repeat (or a later release healing a
 * lost call) changes nothing more.
 */
export class CodeQuarantineService {
  /** releaseQuarantinedCodes (SERVICE): answers how many codes it released. */
  async release(ctx: TraceabilityContext, input: ReleaseQuarantinedCodes): Promise<CodeBatchResult> {
    ctx.requireRole(Role.SERVICE);
    const bad =
      input.lots.length > MAX_LOTS || input.lots.some((l) => !Number.isInteger(l.quarantined) || l.quarantined < 0);
    if (bad)
      return {
        codeCount: 0,
        errors: [domainError('BAD_USER_INPUT', `1 to ${MAX_LOTS} lots, each with 0 or more units`, 'lots')],
      };
    const codeCount = await ctx.em.fork().transactional(async (tx) => {
      let released: string[] = [];
      for (const lot of input.lots) released = released.concat(await this.releaseLot(tx, input, lot));
      const containers = await this.releaseContainers(tx, input);
      const all = [...released, ...containers];
      if (all.length)
        await insertAudit(tx, ctx, {
          operation: 'releaseQuarantinedCodes',
          action: 'RELEASE',
          entityType: 'SerialCode',
          entityId: `${input.warehouseId}/${input.productId}`,
          after: {
            warehouseId: input.warehouseId,
            productId: input.productId,
            codes: all.slice(0, 100),
            count: all.length,
          },
        });
      return all.length;
    });
    return { codeCount, errors: [] };
  }

  /** Releases the lot's quarantined item codes beyond `quarantined`, lowest code first; answers them. */
  private async releaseLot(
    tx: EntityManager,
    input: ReleaseQuarantinedCodes,
    lot: { lotNumber: string; quarantined: number },
  ): Promise<string[]> {
    const held = await tx.find(
      SerialCode,
      {
        locationWarehouseId: input.warehouseId,
        productId: input.productId,
        lotNumber: lot.lotNumber,
        level: CodeLevel.ITEM,
        status: CodeStatus.RETURNED,
        quarantined: true,
      },
      { orderBy: { code: 'asc' }, fields: ['code'] as never, disableIdentityMap: true },
    );
    const release = held.slice(0, Math.max(0, held.length - lot.quarantined)).map((c) => c.code);
    if (release.length)
      await tx.nativeUpdate(SerialCode, { code: { $in: release }, quarantined: true }, { quarantined: false });
    return release;
  }

  /** Releases the product's quarantined cases, then pallets, there none of whose contents stay quarantined. */
  private async releaseContainers(tx: EntityManager, input: ReleaseQuarantinedCodes): Promise<string[]> {
    const released: string[] = [];
    for (const level of [CodeLevel.CASE, CodeLevel.PALLET]) {
      const where = {
        locationWarehouseId: input.warehouseId,
        productId: input.productId,
        level,
        status: CodeStatus.RETURNED,
        quarantined: true,
      };
      const codes = (await tx.find(SerialCode, where, { fields: ['code'] as never, disableIdentityMap: true })).map(
        (c) => c.code,
      );
      if (!codes.length) continue;
      const held = await tx.find(
        SerialCode,
        { parentCode: { $in: codes }, quarantined: true },
        { fields: ['parentCode'] as never, disableIdentityMap: true },
      );
      const busy = new Set(held.map((c) => c.parentCode));
      const free = codes.filter((c) => !busy.has(c));
      if (!free.length) continue;
      await tx.nativeUpdate(SerialCode, { code: { $in: free }, quarantined: true }, { quarantined: false });
      released.push(...free);
    }
    return released;
  }
}
