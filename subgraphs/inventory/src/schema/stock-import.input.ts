import { CsvEncoding } from '@dnp/subgraph-kit';
import { Field, InputType } from 'type-graphql';

@InputType({
  description: 'A safety-stock CSV file (HQ only): columns 仓库编码, SKU and 安全库存, one level per line.',
})
export class ImportSafetyStockInput {
  @Field(() => String, { description: 'The file name, 1 to 200 characters (shown in the import list).' })
  fileName!: string;

  @Field(() => String, {
    description:
      'The file, base64-encoded: at most 3 MB and 20,000 lines; the header names the columns 仓库编码 ' +
      '(warehouse, warehouseCode), SKU (商品编码, sku) and 安全库存 (safetyStock).',
  })
  contentBase64!: string;

  @Field(() => CsvEncoding, { defaultValue: CsvEncoding.AUTO, description: "How the file's bytes are decoded." })
  encoding!: CsvEncoding;

  @Field(() => Boolean, {
    defaultValue: false,
    description:
      'False: any bad line refuses the whole file. True: the good lines are imported, the bad ones reported.',
  })
  importGoodLines!: boolean;
}
