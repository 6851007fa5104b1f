import { Migration } from '@mikro-orm/migrations';

export class Migration20261207223731_SellThroughDay extends Migration {
  override name = 'Migration20261207223731_SellThroughDay';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`sell_through_day\` (\`day\` varchar(10) not null, \`dealer_id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`region_id\` varchar(40) not null, \`region_path\` varchar(400) not null, \`dealer_region_path\` varchar(400) not null, \`sold_units\` int not null default 0, \`priced_units\` int not null default 0, \`revenue_minor\` bigint not null default '0', primary key (\`day\`, \`dealer_id\`, \`product_id\`, \`region_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`sell_through_day\`;`);
  }
}
