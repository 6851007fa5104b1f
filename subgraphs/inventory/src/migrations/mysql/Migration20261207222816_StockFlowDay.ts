import { Migration } from '@mikro-orm/migrations';

export class Migration20261207222816_StockFlowDay extends Migration {
  override name = 'Migration20261207222816_StockFlowDay';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`stock_flow_day\` (\`warehouse_id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`day\` varchar(10) not null, \`in_units\` int not null default 0, \`out_units\` int not null default 0, \`closing_units\` int not null, \`last_version\` int not null, primary key (\`warehouse_id\`, \`product_id\`, \`day\`)) default character set utf8mb4 engine = InnoDB;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`stock_flow_day\`;`);
  }
}
