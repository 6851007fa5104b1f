import { connectionType, CsvLineError } from '@dnp/subgraph-kit';
import { Field, ObjectType } from 'type-graphql';
import { StockImport } from '../entities/stock-import.entity.js';

export const StockImportConnection = connectionType(StockImport, 'StockImport', 'safety-stock import');

@ObjectType({
  description: 'What importSafetyStock did: the import started, the earlier one of the same file, or why not.',
})
export class ImportSafetyStockPayload {
  @Field(() => StockImport, {
    nullable: true,
    description: 'The import, applying in the background (poll stockImport); null when nothing was imported.',
  })
  import!: StockImport | null;

  @Field(() => StockImport, {
    nullable: true,
    description: 'The import of the same file within the last day: nothing new was imported.',
  })
  duplicateOf!: StockImport | null;

  @Field(() => [CsvLineError], {
    description:
      'Problems of the file, or of its lines with their line numbers (CSV_LINE_MALFORMED, WAREHOUSE_UNKNOWN, ' +
      'WAREHOUSE_INACTIVE, SKU_UNKNOWN, SAFETY_STOCK_INVALID, DUPLICATE_LINE). With bad lines and ' +
      'importGoodLines false nothing is written.',
  })
  errors!: CsvLineError[];
}
