import { Grant, toCsvLineErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { StockImport } from '../entities/stock-import.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import { ImportSafetyStockInput } from '../schema/stock-import.input.js';
import { ImportSafetyStockPayload, StockImportConnection } from '../schema/stock-import.type.js';
import { StockImportService } from '../services/stock-import.service.js';

const imports = new StockImportService();

/** Safety-stock CSV imports (HQ). */
@Resolver(() => StockImport)
export class StockImportResolver {
  @Authorized(Grant.HQ_ADMIN)
  @Query(() => StockImport, {
    nullable: true,
    description: 'One safety-stock import by id (HQ only), to follow its progress; NOT_FOUND when unknown.',
  })
  stockImport(@Ctx() ctx: InventoryContext, @Arg('id', () => ID, { description: 'Import id.' }) id: string) {
    return imports.byId(ctx, id);
  }

  @Authorized(Grant.HQ_ADMIN)
  @Query(() => StockImportConnection, { description: 'Safety-stock imports, newest first (HQ only).' })
  stockImports(
    @Ctx() ctx: InventoryContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
  ) {
    return imports.list(ctx, { first, after });
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => ImportSafetyStockPayload, {
    description:
      'Imports safety stock from a CSV file (HQ only): every line is checked first; with a bad line nothing is ' +
      'written unless importGoodLines; the good lines are applied in the background (poll stockImport).',
  })
  async importSafetyStock(
    @Ctx() ctx: InventoryContext,
    @Arg('input', () => ImportSafetyStockInput, { description: 'The file and how to treat bad lines.' })
    input: ImportSafetyStockInput,
  ) {
    const result = await imports.import(ctx, input);
    return Object.assign(new ImportSafetyStockPayload(), {
      import: result.import,
      duplicateOf: result.duplicateOf,
      errors: toCsvLineErrors(result.errors),
    });
  }
}
