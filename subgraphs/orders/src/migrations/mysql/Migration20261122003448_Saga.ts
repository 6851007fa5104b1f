import { Migration } from '@mikro-orm/migrations';

export class Migration20261122003448_Saga extends Migration {
  override name = 'Migration20261122003448_Saga';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`order_number_counter\` (\`day\` varchar(8) not null, \`last\` int not null, primary key (\`day\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`order_saga\` (\`order_id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`step\` enum('STARTED','ELIGIBLE','PRICED','RESERVED','CREDIT_HELD','COMPLETED','COMPENSATING','COMPENSATED') not null, \`payload\` text not null, \`attempts\` int not null, \`last_error\` varchar(500) null, \`deadline_at\` datetime not null, \`lease_until\` datetime not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`order_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`order_saga\` add index \`order_saga_step_lease_until_index\` (\`step\`, \`lease_until\`);`,
    );

    this.addSql(
      `alter table \`sales_order\` add \`delivery_warehouse_id\` varchar(40) null, add \`rejection_reasons\` text null;`,
    );
    this.addSql(
      `alter table \`sales_order\` modify \`status\` enum('PLACING','PENDING_REVIEW','APPROVED','REJECTED','CANCELLED','SHIPPED','COMPLETED') not null;`,
    );

    this.addSql(
      `alter table \`order_event\` modify \`type\` enum('PLACED','STOCK_RESERVED','CREDIT_HELD','REVIEW_REQUESTED','RELEASED','APPROVED','REJECTED','CANCELLED','SHIPPED','COMPLETED','COMMENTED') not null;`,
    );
    this.addSql(
      `alter table \`order_event\` modify \`from_status\` enum('PLACING','PENDING_REVIEW','APPROVED','REJECTED','CANCELLED','SHIPPED','COMPLETED') null;`,
    );
    this.addSql(
      `alter table \`order_event\` modify \`to_status\` enum('PLACING','PENDING_REVIEW','APPROVED','REJECTED','CANCELLED','SHIPPED','COMPLETED') null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`order_number_counter\`;`);
    this.addSql(`drop table if exists \`order_saga\`;`);

    this.addSql(
      `alter table \`order_event\` modify \`type\` enum('PLACED','APPROVED','REJECTED','CANCELLED','SHIPPED','COMPLETED','COMMENTED') not null;`,
    );
    this.addSql(
      `alter table \`order_event\` modify \`from_status\` enum('PENDING_REVIEW','APPROVED','REJECTED','CANCELLED','SHIPPED','COMPLETED') null;`,
    );
    this.addSql(
      `alter table \`order_event\` modify \`to_status\` enum('PENDING_REVIEW','APPROVED','REJECTED','CANCELLED','SHIPPED','COMPLETED') null;`,
    );

    this.addSql(
      `alter table \`sales_order\` drop column \`delivery_warehouse_id\`, drop column \`rejection_reasons\`;`,
    );
    this.addSql(
      `alter table \`sales_order\` modify \`status\` enum('PENDING_REVIEW','APPROVED','REJECTED','CANCELLED','SHIPPED','COMPLETED') not null;`,
    );
  }
}
