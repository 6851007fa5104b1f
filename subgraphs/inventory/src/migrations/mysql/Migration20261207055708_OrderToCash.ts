import { Migration } from '@mikro-orm/migrations';

export class Migration20261207055708_OrderToCash extends Migration {
  override name = 'Migration20261207055708_OrderToCash';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`goods_receipt\` (\`id\` varchar(40) not null, \`key\` varchar(120) not null, \`kind\` enum('DEALER_RECEIPT','RETURN_IN','RETURN_OUT','RETURN_CANCELLED') not null, \`warehouse_id\` varchar(40) not null, \`dealer_id\` varchar(40) null, \`reference\` varchar(120) null, \`units\` int not null, \`quarantined_units\` int not null, \`created_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`goods_receipt\` add unique \`goods_receipt_key_unique\` (\`key\`);`);
    this.addSql(
      `alter table \`goods_receipt\` add index \`goods_receipt_warehouse_id_created_at_index\` (\`warehouse_id\`, \`created_at\`);`,
    );

    this.addSql(
      `create table \`goods_receipt_line\` (\`receipt_id\` varchar(40) not null, \`line_no\` int unsigned not null, \`product_id\` varchar(40) not null, \`lot_id\` varchar(40) null, \`quantity\` int not null, \`quarantined\` tinyint(1) not null, primary key (\`receipt_id\`, \`line_no\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`reservation_commit\` (\`id\` varchar(40) not null, \`reservation_id\` varchar(40) not null, \`part_key\` varchar(120) not null, \`created_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`reservation_commit\` add index \`reservation_commit_reservation_id_index\` (\`reservation_id\`);`,
    );
    this.addSql(`alter table \`reservation_commit\` add unique \`reservation_commit_part_key_unique\` (\`part_key\`);`);

    this.addSql(
      `create table \`reservation_commit_line\` (\`commit_id\` varchar(40) not null, \`reservation_line_id\` varchar(40) not null, \`lot_id\` varchar(40) null, \`quantity\` int not null, primary key (\`commit_id\`, \`reservation_line_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(`alter table \`lot\` add \`quarantined\` int not null default 0;`);

    this.addSql(
      `alter table \`reservation_line\` add \`committed\` int not null default 0, add \`released\` int not null default 0;`,
    );

    this.addSql(`alter table \`stock_level\` add \`quarantined\` int not null default 0;`);

    this.addSql(`alter table \`stock_movement\` add \`quarantine_delta\` int not null default 0;`);
    this.addSql(
      `alter table \`stock_movement\` modify \`reason\` enum('RECEIPT','ADJUSTMENT','RESERVATION','RELEASE','SHIPMENT','TRANSFER_IN','TRANSFER_OUT','SHIPMENT_RECEIPT','RETURN_IN','RETURN_OUT','RETURN_CANCELLED') not null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`goods_receipt\`;`);
    this.addSql(`drop table if exists \`goods_receipt_line\`;`);
    this.addSql(`drop table if exists \`reservation_commit\`;`);
    this.addSql(`drop table if exists \`reservation_commit_line\`;`);

    this.addSql(`alter table \`lot\` drop column \`quarantined\`;`);

    this.addSql(`alter table \`reservation_line\` drop column \`committed\`, drop column \`released\`;`);

    this.addSql(`alter table \`stock_level\` drop column \`quarantined\`;`);

    this.addSql(`alter table \`stock_movement\` drop column \`quarantine_delta\`;`);
    this.addSql(
      `alter table \`stock_movement\` modify \`reason\` enum('RECEIPT','ADJUSTMENT','RESERVATION','RELEASE','SHIPMENT','TRANSFER_IN','TRANSFER_OUT') not null;`,
    );
  }
}
