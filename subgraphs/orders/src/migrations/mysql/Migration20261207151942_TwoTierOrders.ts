import { Migration } from '@mikro-orm/migrations';

export class Migration20261207151942_TwoTierOrders extends Migration {
  override name = 'Migration20261207151942_TwoTierOrders';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`seller_review_rule\` (\`seller_dealer_id\` varchar(40) not null, \`auto_approve\` tinyint(1) not null default true, \`review_threshold_minor\` int null, \`updated_by_user_id\` varchar(40) not null, \`updated_at\` datetime not null, primary key (\`seller_dealer_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `alter table \`sales_order\` add \`seller_dealer_id\` varchar(40) null, add \`seller_level\` varchar(20) null, add \`dealer_level\` varchar(20) null;`,
    );
    this.addSql(
      `alter table \`sales_order\` add index \`sales_order_seller_dealer_id_status_placed_at_index\` (\`seller_dealer_id\`, \`status\`, \`placed_at\`);`,
    );

    this.addSql(`alter table \`shipment\` add \`seller_dealer_id\` varchar(40) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`seller_review_rule\`;`);

    this.addSql(`alter table \`sales_order\` drop index \`sales_order_seller_dealer_id_status_placed_at_index\`;`);
    this.addSql(
      `alter table \`sales_order\` drop column \`seller_dealer_id\`, drop column \`seller_level\`, drop column \`dealer_level\`;`,
    );

    this.addSql(`alter table \`shipment\` drop column \`seller_dealer_id\`;`);
  }
}
