import { Migration } from '@mikro-orm/migrations';

export class Migration20261122003312_Promotions extends Migration {
  override name = 'Migration20261122003312_Promotions';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`product_attributes\` (\`product_id\` text not null primary key, \`category_path\` text not null, \`brand_id\` text not null);`,
    );
    this.addSql(
      `create index \`product_attributes_category_path_index\` on \`product_attributes\` (\`category_path\`);`,
    );
    this.addSql(`create index \`product_attributes_brand_id_index\` on \`product_attributes\` (\`brand_id\`);`);

    this.addSql(
      `create table \`promotion\` (\`id\` text not null primary key, \`code\` text not null, \`name\` text not null, \`name_en\` text not null, \`description\` text null, \`type\` text check (\`type\` in ('PERCENT_OFF', 'AMOUNT_OFF', 'SPEND_AND_SAVE', 'GIFT_WITH_PURCHASE', 'BUNDLE', 'BUY_X_GET_Y', 'TIERED_QUANTITY')) not null, \`stacking\` text check (\`stacking\` in ('EXCLUSIVE', 'STACKABLE')) not null, \`priority\` integer not null, \`active\` integer not null, \`valid_from\` datetime not null, \`valid_to\` datetime null, \`product_ids\` json not null, \`category_ids\` json not null, \`brand_ids\` json not null, \`dealer_grades\` json not null, \`region_ids\` json not null, \`region_paths\` text not null, \`min_amount_minor\` integer null, \`min_quantity\` integer null, \`percent_off_bp\` integer null, \`amount_off_minor\` integer null, \`spend_tiers\` json not null, \`repeating\` integer not null, \`buy_quantity\` integer null, \`reward_quantity\` integer null, \`reward_product_id\` text null, \`bundle_items\` json not null, \`bundle_price_minor\` integer null, \`quantity_tiers\` json not null, \`budget_minor\` bigint null, \`budget_used_minor\` bigint not null, \`per_dealer_order_limit\` integer null, \`created_by\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`promotion_code_unique\` on \`promotion\` (\`code\`);`);
    this.addSql(`create index \`promotion_active_index\` on \`promotion\` (\`active\`);`);

    this.addSql(
      `create table \`promotion_dealer_usage\` (\`promotion_id\` text not null, \`dealer_id\` text not null, \`orders\` integer not null, primary key (\`promotion_id\`, \`dealer_id\`));`,
    );

    this.addSql(
      `create table \`promotion_redemption\` (\`id\` text not null primary key, \`idempotency_key\` text not null, \`promotion_id\` text not null, \`dealer_id\` text not null, \`order_id\` text null, \`amount_minor\` bigint not null, \`released_at\` datetime null, \`created_at\` datetime not null);`,
    );
    this.addSql(
      `create index \`promotion_redemption_promotion_id_dealer_id_index\` on \`promotion_redemption\` (\`promotion_id\`, \`dealer_id\`);`,
    );
    this.addSql(
      `create unique index \`promotion_redemption_idempotency_key_promotion_id_unique\` on \`promotion_redemption\` (\`idempotency_key\`, \`promotion_id\`);`,
    );

    this.addSql(
      `create table \`region_paths\` (\`region_id\` text not null primary key, \`path\` text not null, \`depth\` integer not null);`,
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
