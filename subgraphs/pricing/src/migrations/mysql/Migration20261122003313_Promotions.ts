import { Migration } from '@mikro-orm/migrations';

export class Migration20261122003313_Promotions extends Migration {
  override name = 'Migration20261122003313_Promotions';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`product_attributes\` (\`product_id\` varchar(40) not null, \`category_path\` varchar(400) not null, \`brand_id\` varchar(40) not null, primary key (\`product_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`product_attributes\` add index \`product_attributes_category_path_index\` (\`category_path\`);`,
    );
    this.addSql(`alter table \`product_attributes\` add index \`product_attributes_brand_id_index\` (\`brand_id\`);`);

    this.addSql(
      `create table \`promotion\` (\`id\` varchar(40) not null, \`code\` varchar(40) not null, \`name\` varchar(120) not null, \`name_en\` varchar(120) not null, \`description\` varchar(500) null, \`type\` enum('PERCENT_OFF','AMOUNT_OFF','SPEND_AND_SAVE','GIFT_WITH_PURCHASE','BUNDLE','BUY_X_GET_Y','TIERED_QUANTITY') not null, \`stacking\` enum('EXCLUSIVE','STACKABLE') not null, \`priority\` int not null, \`active\` tinyint(1) not null, \`valid_from\` datetime not null, \`valid_to\` datetime null, \`product_ids\` json not null, \`category_ids\` json not null, \`brand_ids\` json not null, \`dealer_grades\` json not null, \`region_ids\` json not null, \`region_paths\` varchar(2000) not null, \`min_amount_minor\` int null, \`min_quantity\` int null, \`percent_off_bp\` int null, \`amount_off_minor\` int null, \`spend_tiers\` json not null, \`repeating\` tinyint(1) not null, \`buy_quantity\` int null, \`reward_quantity\` int null, \`reward_product_id\` varchar(40) null, \`bundle_items\` json not null, \`bundle_price_minor\` int null, \`quantity_tiers\` json not null, \`budget_minor\` bigint null, \`budget_used_minor\` bigint not null, \`per_dealer_order_limit\` int null, \`created_by\` varchar(60) not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`promotion\` add unique \`promotion_code_unique\` (\`code\`);`);
    this.addSql(`alter table \`promotion\` add index \`promotion_active_index\` (\`active\`);`);

    this.addSql(
      `create table \`promotion_dealer_usage\` (\`promotion_id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`orders\` int not null, primary key (\`promotion_id\`, \`dealer_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`promotion_redemption\` (\`id\` varchar(60) not null, \`idempotency_key\` varchar(100) not null, \`promotion_id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`order_id\` varchar(60) null, \`amount_minor\` bigint not null, \`released_at\` datetime null, \`created_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`promotion_redemption\` add index \`promotion_redemption_promotion_id_dealer_id_index\` (\`promotion_id\`, \`dealer_id\`);`,
    );
    this.addSql(
      `alter table \`promotion_redemption\` add unique \`promotion_redemption_idempotency_key_promotion_id_unique\` (\`idempotency_key\`, \`promotion_id\`);`,
    );

    this.addSql(
      `create table \`region_paths\` (\`region_id\` varchar(40) not null, \`path\` varchar(400) not null, \`depth\` int not null, primary key (\`region_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`product_attributes\`;`);
    this.addSql(`drop table if exists \`promotion\`;`);
    this.addSql(`drop table if exists \`promotion_dealer_usage\`;`);
    this.addSql(`drop table if exists \`promotion_redemption\`;`);
    this.addSql(`drop table if exists \`region_paths\`;`);
  }
}
