import { Migration } from '@mikro-orm/migrations';

export class Migration20261207055705_OrderToCash extends Migration {
  override name = 'Migration20261207055705_OrderToCash';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`goods_receipt\` (\`id\` text not null primary key, \`key\` text not null, \`kind\` text check (\`kind\` in ('DEALER_RECEIPT', 'RETURN_IN', 'RETURN_OUT', 'RETURN_CANCELLED')) not null, \`warehouse_id\` text not null, \`dealer_id\` text null, \`reference\` text null, \`units\` integer not null, \`quarantined_units\` integer not null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`goods_receipt_key_unique\` on \`goods_receipt\` (\`key\`);`);
    this.addSql(
      `create index \`goods_receipt_warehouse_id_created_at_index\` on \`goods_receipt\` (\`warehouse_id\`, \`created_at\`);`,
    );

    this.addSql(
      `create table \`goods_receipt_line\` (\`receipt_id\` text not null, \`line_no\` integer not null, \`product_id\` text not null, \`lot_id\` text null, \`quantity\` integer not null, \`quarantined\` integer not null, primary key (\`receipt_id\`, \`line_no\`));`,
    );

    this.addSql(
      `create table \`reservation_commit\` (\`id\` text not null primary key, \`reservation_id\` text not null, \`part_key\` text not null, \`created_at\` datetime not null);`,
    );
    this.addSql(
      `create index \`reservation_commit_reservation_id_index\` on \`reservation_commit\` (\`reservation_id\`);`,
    );
    this.addSql(`create unique index \`reservation_commit_part_key_unique\` on \`reservation_commit\` (\`part_key\`);`);

    this.addSql(
      `create table \`reservation_commit_line\` (\`commit_id\` text not null, \`reservation_line_id\` text not null, \`lot_id\` text null, \`quantity\` integer not null, primary key (\`commit_id\`, \`reservation_line_id\`));`,
    );

    this.addSql(`alter table \`lot\` add column \`quarantined\` integer not null default 0;`);

    this.addSql(`alter table \`reservation_line\` add column \`committed\` integer not null default 0;`);
    this.addSql(`alter table \`reservation_line\` add column \`released\` integer not null default 0;`);

    this.addSql(`alter table \`stock_level\` add column \`quarantined\` integer not null default 0;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`stock_movement__temp_alter\` (\`id\` text not null primary key, \`warehouse_id\` text not null, \`product_id\` text not null, \`lot_id\` text null, \`delta\` integer not null, \`quarantine_delta\` integer not null default 0, \`balance_after\` integer not null, \`reason\` text check (\`reason\` in ('RECEIPT', 'ADJUSTMENT', 'RESERVATION', 'RELEASE', 'SHIPMENT', 'TRANSFER_IN', 'TRANSFER_OUT', 'SHIPMENT_RECEIPT', 'RETURN_IN', 'RETURN_OUT', 'RETURN_CANCELLED')) not null, \`adjustment_reason\` text check (\`adjustment_reason\` in ('RECEIPT', 'ADJUSTMENT', 'DAMAGE', 'COUNT_CORRECTION')) null, \`reference\` text null, \`note\` text null, \`actor_user_id\` text null, \`created_at\` datetime not null);`,
    );
    this.addSql(
      `insert into \`stock_movement__temp_alter\` select \`id\`, \`warehouse_id\`, \`product_id\`, \`lot_id\`, \`delta\`, 0 as \`quarantine_delta\`, \`balance_after\`, \`reason\`, \`adjustment_reason\`, \`reference\`, \`note\`, \`actor_user_id\`, \`created_at\` from \`stock_movement\`;`,
    );
    this.addSql(`drop table \`stock_movement\`;`);
    this.addSql(`alter table \`stock_movement__temp_alter\` rename to \`stock_movement\`;`);
    this.addSql(`create index \`stock_movement_product_id_index\` on \`stock_movement\` (\`product_id\`);`);
    this.addSql(`create index \`stock_movement_created_at_id_index\` on \`stock_movement\` (\`created_at\`, \`id\`);`);
    this.addSql(
      `create index \`stock_movement_warehouse_id_product_id_index\` on \`stock_movement\` (\`warehouse_id\`, \`product_id\`);`,
    );
    this.addSql(`pragma foreign_keys = on;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`goods_receipt\`;`);
    this.addSql(`drop table if exists \`goods_receipt_line\`;`);
    this.addSql(`drop table if exists \`reservation_commit\`;`);
    this.addSql(`drop table if exists \`reservation_commit_line\`;`);

    this.addSql(`alter table \`lot\` drop column \`quarantined\`;`);

    this.addSql(`alter table \`reservation_line\` drop column \`committed\`;`);
    this.addSql(`alter table \`reservation_line\` drop column \`released\`;`);

    this.addSql(`alter table \`stock_level\` drop column \`quarantined\`;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`stock_movement__temp_alter\` (\`id\` TEXT not null primary key, \`warehouse_id\` TEXT not null, \`product_id\` TEXT not null, \`lot_id\` TEXT null, \`delta\` INTEGER not null, \`balance_after\` INTEGER not null, \`reason\` TEXT check (\`reason\` in ('RECEIPT', 'ADJUSTMENT', 'RESERVATION', 'RELEASE', 'SHIPMENT', 'TRANSFER_IN', 'TRANSFER_OUT')) not null, \`adjustment_reason\` TEXT check (\`adjustment_reason\` in ('RECEIPT', 'ADJUSTMENT', 'DAMAGE', 'COUNT_CORRECTION')) null, \`reference\` TEXT null, \`note\` TEXT null, \`actor_user_id\` TEXT null, \`created_at\` datetime not null);`,
    );
    this.addSql(
      `insert into \`stock_movement__temp_alter\` select \`id\`, \`warehouse_id\`, \`product_id\`, \`lot_id\`, \`delta\`, \`balance_after\`, \`reason\`, \`adjustment_reason\`, \`reference\`, \`note\`, \`actor_user_id\`, \`created_at\` from \`stock_movement\`;`,
    );
    this.addSql(`drop table \`stock_movement\`;`);
    this.addSql(`alter table \`stock_movement__temp_alter\` rename to \`stock_movement\`;`);
    this.addSql(
      `create index \`stock_movement_warehouse_id_product_id_index\` on \`stock_movement\` (\`warehouse_id\`, \`product_id\`);`,
    );
    this.addSql(`create index \`stock_movement_created_at_id_index\` on \`stock_movement\` (\`created_at\`, \`id\`);`);
    this.addSql(`create index \`stock_movement_product_id_index\` on \`stock_movement\` (\`product_id\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }
}
