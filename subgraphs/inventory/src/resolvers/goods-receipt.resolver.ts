import { Grant } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, Directive, Mutation, Query, Resolver } from 'type-graphql';
import type { InventoryContext } from '../inventory-context.js';
import { ReceiveGoodsInput, RestoreGoodsInput, TakeBackGoodsInput } from '../schema/goods-receipt.input.js';
import { GoodsReceiptPayload } from '../schema/goods-receipt.type.js';
import { UserError } from '../schema/inventory.type.js';
import { GoodsReceiptService } from '../services/goods-receipt.service.js';

const receipts = new GoodsReceiptService();

/** Goods received, taken back and restored outside an order's shipping (service only). */
@Resolver()
export class GoodsReceiptResolver {
  @Authorized(Grant.SERVICE)
  @Mutation(() => GoodsReceiptPayload, {
    description:
      "Receives goods into a warehouse: a delivery into the dealer's own warehouse, or a return into a brand " +
      'warehouse (service only; idempotent by key).',
  })
  @Directive('@inaccessible')
  async receiveGoods(
    @Ctx() ctx: InventoryContext,
    @Arg('input', () => ReceiveGoodsInput, { description: 'What is received, where, under which key.' })
    input: ReceiveGoodsInput,
  ) {
    return Object.assign(new GoodsReceiptPayload(), await receipts.receive(ctx, input));
  }

  @Authorized(Grant.SERVICE)
  @Query(() => [UserError], {
    description:
      'What takeBackGoods would refuse for this input (DEALER_STOCK_INSUFFICIENT …), with nothing written; ' +
      'empty when the units are there (service only).',
  })
  @Directive('@inaccessible')
  checkTakeBackGoods(
    @Ctx() ctx: InventoryContext,
    @Arg('input', () => TakeBackGoodsInput, { description: 'The take back to check; its key is not used.' })
    input: TakeBackGoodsInput,
  ) {
    return receipts.checkTakeBack(ctx, input);
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => GoodsReceiptPayload, {
    description: "Takes returned goods out of the dealer's own warehouse (service only; idempotent by key).",
  })
  @Directive('@inaccessible')
  async takeBackGoods(
    @Ctx() ctx: InventoryContext,
    @Arg('input', () => TakeBackGoodsInput, { description: 'What leaves, for which dealer, under which key.' })
    input: TakeBackGoodsInput,
  ) {
    return Object.assign(new GoodsReceiptPayload(), await receipts.takeBack(ctx, input));
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => GoodsReceiptPayload, {
    description: 'Puts back exactly what a take back took (a rejected return; service only; idempotent by key).',
  })
  @Directive('@inaccessible')
  async restoreGoods(
    @Ctx() ctx: InventoryContext,
    @Arg('input', () => RestoreGoodsInput, { description: 'The take back to undo, under which key.' })
    input: RestoreGoodsInput,
  ) {
    return Object.assign(new GoodsReceiptPayload(), await receipts.restore(ctx, input));
  }
}
