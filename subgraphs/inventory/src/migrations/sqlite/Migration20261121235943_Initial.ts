import { Migration } from '@mikro-orm/migrations';

export class Migration20261121235943_Initial extends Migration {
  override name = 'Migration20261121235943_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`lot\` (\`id\` text not null primary key, \`lot_number\` text not null, \`product_id\` text not null, \`warehouse_id\` text not null, \`quantity\` integer not null, \`produced_at\` datetime not null, \`expires_at\` datetime not null);`,
    );
    this.addSql(`create index \`lot_warehouse_id_index\` on \`lot\` (\`warehouse_id\`);`);
    this.addSql(`create index \`lot_expires_at_id_index\` on \`lot\` (\`expires_at\`, \`id\`);`);
    this.addSql(`create index \`lot_product_id_warehouse_id_index\` on \`lot\` (\`product_id\`, \`warehouse_id\`);`);
    this.addSql(
      `create unique index \`lot_warehouse_id_product_id_lot_number_unique\` on \`lot\` (\`warehouse_id\`, \`product_id\`, \`lot_number\`);`,
    );

    this.addSql(
      `create table \`stock_level\` (\`id\` text not null primary key, \`warehouse_id\` text not null, \`product_id\` text not null, \`on_hand\` integer not null, \`reserved\` integer not null, \`safety_stock\` integer not null, \`version\` integer not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(
      `create index \`stock_level_product_id_warehouse_id_index\` on \`stock_level\` (\`product_id\`, \`warehouse_id\`);`,
    );
    this.addSql(
      `create unique index \`stock_level_warehouse_id_product_id_unique\` on \`stock_level\` (\`warehouse_id\`, \`product_id\`);`,
    );

    this.addSql(
      `create table \`stock_movement\` (\`id\` text not null primary key, \`warehouse_id\` text not null, \`product_id\` text not null, \`lot_id\` text null, \`delta\` integer not null, \`balance_after\` integer not null, \`reason\` text check (\`reason\` in ('RECEIPT', 'ADJUSTMENT', 'RESERVATION', 'RELEASE', 'SHIPMENT', 'TRANSFER_IN', 'TRANSFER_OUT')) not null, \`adjustment_reason\` text check (\`adjustment_reason\` in ('RECEIPT', 'ADJUSTMENT', 'DAMAGE', 'COUNT_CORRECTION')) null, \`reference\` text null, \`note\` text null, \`actor_user_id\` text null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create index \`stock_movement_product_id_index\` on \`stock_movement\` (\`product_id\`);`);
    this.addSql(`create index \`stock_movement_created_at_id_index\` on \`stock_movement\` (\`created_at\`, \`id\`);`);
    this.addSql(
      `create index \`stock_movement_warehouse_id_product_id_index\` on \`stock_movement\` (\`warehouse_id\`, \`product_id\`);`,
    );

    this.addSql(
      `create table \`warehouse\` (\`id\` text not null primary key, \`code\` text not null, \`name\` text not null, \`name_en\` text not null, \`kind\` text check (\`kind\` in ('HQ', 'REGIONAL', 'DEALER')) not null, \`region_id\` text not null, \`region_path\` text not null, \`dealer_id\` text null, \`active\` integer not null);`,
    );
    this.addSql(`create unique index \`warehouse_code_unique\` on \`warehouse\` (\`code\`);`);
    this.addSql(`create index \`warehouse_region_id_index\` on \`warehouse\` (\`region_id\`);`);
    this.addSql(`create index \`warehouse_region_path_index\` on \`warehouse\` (\`region_path\`);`);
    this.addSql(`create index \`warehouse_dealer_id_index\` on \`warehouse\` (\`dealer_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`lot\`;`);
    this.addSql(`drop table if exists \`stock_level\`;`);
    this.addSql(`drop table if exists \`stock_movement\`;`);
    this.addSql(`drop table if exists \`warehouse\`;`);
  }
}
