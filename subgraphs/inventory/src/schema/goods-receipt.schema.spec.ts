import { describe, expect, it } from 'vitest';
import { inventorySubgraph } from '../subgraph.js';

describe('goods receipts in the schema', () => {
  it('keeps GoodsReceiptKind out of the public API, like every operation and type that uses it', async () => {
    const { sdl } = await inventorySubgraph.buildSchema();
    expect(sdl).toMatch(/^enum GoodsReceiptKind @inaccessible \{/m);
    for (const name of ['GoodsReceipt', 'ReceiveGoodsInput', 'TakeBackGoodsInput', 'RestoreGoodsInput'])
      expect(sdl).toMatch(new RegExp(`^(type|input) ${name} @inaccessible`, 'm'));
  });
});
