import { Migration } from '@mikro-orm/migrations';

export class Migration20261207222810_StockFlowDay extends Migration {
  override name = 'Migration20261207222810_StockFlowDay';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`stock_flow_day\` (\`warehouse_id\` text not null, \`product_id\` text not null, \`day\` text not null, \`in_units\` integer not null default 0, \`out_units\` integer not null default 0, \`closing_units\` integer not null, \`last_version\` integer not null, primary key (\`warehouse_id\`, \`product_id\`, \`day\`));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`stock_flow_day\`;`);
  }
}
