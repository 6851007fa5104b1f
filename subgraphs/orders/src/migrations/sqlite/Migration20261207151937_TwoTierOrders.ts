import { Migration } from '@mikro-orm/migrations';

export class Migration20261207151937_TwoTierOrders extends Migration {
  override name = 'Migration20261207151937_TwoTierOrders';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`seller_review_rule\` (\`seller_dealer_id\` text not null primary key, \`auto_approve\` integer not null default true, \`review_threshold_minor\` integer null, \`updated_by_user_id\` text not null, \`updated_at\` datetime not null);`,
    );

    this.addSql(`alter table \`sales_order\` add column \`seller_dealer_id\` text null;`);
    this.addSql(`alter table \`sales_order\` add column \`seller_level\` text null;`);
    this.addSql(`alter table \`sales_order\` add column \`dealer_level\` text null;`);
    this.addSql(
      `create index \`sales_order_seller_dealer_id_status_placed_at_index\` on \`sales_order\` (\`seller_dealer_id\`, \`status\`, \`placed_at\`);`,
    );

    this.addSql(`alter table \`shipment\` add column \`seller_dealer_id\` text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`seller_review_rule\`;`);

    this.addSql(`drop index \`sales_order_seller_dealer_id_status_placed_at_index\`;`);
    this.addSql(`alter table \`sales_order\` drop column \`seller_dealer_id\`;`);
    this.addSql(`alter table \`sales_order\` drop column \`seller_level\`;`);
    this.addSql(`alter table \`sales_order\` drop column \`dealer_level\`;`);

    this.addSql(`alter table \`shipment\` drop column \`seller_dealer_id\`;`);
  }
}
