import { Migration } from '@mikro-orm/migrations';

export class Migration20261207223729_SellThroughDay extends Migration {
  override name = 'Migration20261207223729_SellThroughDay';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`sell_through_day\` (\`day\` text not null, \`dealer_id\` text not null, \`product_id\` text not null, \`region_id\` text not null, \`region_path\` text not null, \`dealer_region_path\` text not null, \`sold_units\` integer not null default 0, \`priced_units\` integer not null default 0, \`revenue_minor\` bigint not null default '0', primary key (\`day\`, \`dealer_id\`, \`product_id\`, \`region_id\`));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`sell_through_day\`;`);
  }
}
