import { Migration } from '@mikro-orm/migrations';

export class Migration20261121235943_Initial extends Migration {
  override name = 'Migration20261121235943_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`lot\` (\`id\` varchar(40) not null, \`lot_number\` varchar(64) not null, \`product_id\` varchar(40) not null, \`warehouse_id\` varchar(40) not null, \`quantity\` int not null, \`produced_at\` datetime not null, \`expires_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`lot\` add index \`lot_warehouse_id_index\` (\`warehouse_id\`);`);
    this.addSql(`alter table \`lot\` add index \`lot_expires_at_id_index\` (\`expires_at\`, \`id\`);`);
    this.addSql(
      `alter table \`lot\` add index \`lot_product_id_warehouse_id_index\` (\`product_id\`, \`warehouse_id\`);`,
    );
    this.addSql(
      `alter table \`lot\` add unique \`lot_warehouse_id_product_id_lot_number_unique\` (\`warehouse_id\`, \`product_id\`, \`lot_number\`);`,
    );

    this.addSql(
      `create table \`stock_level\` (\`id\` varchar(40) not null, \`warehouse_id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`on_hand\` int not null, \`reserved\` int not null, \`safety_stock\` int not null, \`version\` int not null, \`updated_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`stock_level\` add index \`stock_level_product_id_warehouse_id_index\` (\`product_id\`, \`warehouse_id\`);`,
    );
    this.addSql(
      `alter table \`stock_level\` add unique \`stock_level_warehouse_id_product_id_unique\` (\`warehouse_id\`, \`product_id\`);`,
    );

    this.addSql(
      `create table \`stock_movement\` (\`id\` varchar(40) not null, \`warehouse_id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`lot_id\` varchar(40) null, \`delta\` int not null, \`balance_after\` int not null, \`reason\` enum('RECEIPT','ADJUSTMENT','RESERVATION','RELEASE','SHIPMENT','TRANSFER_IN','TRANSFER_OUT') not null, \`adjustment_reason\` enum('RECEIPT','ADJUSTMENT','DAMAGE','COUNT_CORRECTION') null, \`reference\` varchar(120) null, \`note\` varchar(500) null, \`actor_user_id\` varchar(40) null, \`created_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`stock_movement\` add index \`stock_movement_product_id_index\` (\`product_id\`);`);
    this.addSql(
      `alter table \`stock_movement\` add index \`stock_movement_created_at_id_index\` (\`created_at\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`stock_movement\` add index \`stock_movement_warehouse_id_product_id_index\` (\`warehouse_id\`, \`product_id\`);`,
    );

    this.addSql(
      `create table \`warehouse\` (\`id\` varchar(40) not null, \`code\` varchar(32) not null, \`name\` varchar(160) not null, \`name_en\` varchar(160) not null, \`kind\` enum('HQ','REGIONAL','DEALER') not null, \`region_id\` varchar(40) not null, \`region_path\` varchar(400) not null, \`dealer_id\` varchar(40) null, \`active\` tinyint(1) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`warehouse\` add unique \`warehouse_code_unique\` (\`code\`);`);
    this.addSql(`alter table \`warehouse\` add index \`warehouse_region_id_index\` (\`region_id\`);`);
    this.addSql(`alter table \`warehouse\` add index \`warehouse_region_path_index\` (\`region_path\`);`);
    this.addSql(`alter table \`warehouse\` add index \`warehouse_dealer_id_index\` (\`dealer_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`lot\`;`);
    this.addSql(`drop table if exists \`stock_level\`;`);
    this.addSql(`drop table if exists \`stock_movement\`;`);
    this.addSql(`drop table if exists \`warehouse\`;`);
  }
}
