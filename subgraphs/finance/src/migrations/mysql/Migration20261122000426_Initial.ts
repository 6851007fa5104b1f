import { Migration } from '@mikro-orm/migrations';

export class Migration20261122000426_Initial extends Migration {
  override name = 'Migration20261122000426_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`credit_account\` (\`id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`dealer_region_path\` varchar(400) not null, \`dealer_path\` varchar(400) not null, \`currency\` varchar(3) not null, \`limit_minor\` bigint not null, \`used_minor\` bigint not null, \`held_minor\` bigint not null, \`utilization_ppm\` int not null, \`term_days\` int not null, \`status\` enum('ACTIVE','FROZEN') not null, \`updated_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`credit_account\` add unique \`credit_account_dealer_id_unique\` (\`dealer_id\`);`);
    this.addSql(
      `alter table \`credit_account\` add index \`credit_account_dealer_region_path_index\` (\`dealer_region_path\`);`,
    );
    this.addSql(
      `alter table \`credit_account\` add index \`credit_account_utilization_ppm_id_index\` (\`utilization_ppm\`, \`id\`);`,
    );

    this.addSql(
      `create table \`invoice\` (\`id\` varchar(40) not null, \`number\` varchar(32) not null, \`dealer_id\` varchar(40) not null, \`dealer_region_path\` varchar(400) not null, \`order_id\` varchar(40) null, \`currency\` varchar(3) not null, \`amount_minor\` bigint not null, \`paid_minor\` bigint not null, \`issued_at\` datetime not null, \`due_at\` datetime not null, \`paid_at\` datetime null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`invoice\` add unique \`invoice_number_unique\` (\`number\`);`);
    this.addSql(`alter table \`invoice\` add index \`invoice_dealer_region_path_index\` (\`dealer_region_path\`);`);
    this.addSql(`alter table \`invoice\` add index \`invoice_order_id_index\` (\`order_id\`);`);
    this.addSql(`alter table \`invoice\` add index \`invoice_dealer_id_due_at_index\` (\`dealer_id\`, \`due_at\`);`);
    this.addSql(`alter table \`invoice\` add index \`invoice_due_at_id_index\` (\`due_at\`, \`id\`);`);
    this.addSql(`alter table \`invoice\` add index \`invoice_issued_at_id_index\` (\`issued_at\`, \`id\`);`);

    this.addSql(
      `create table \`payment\` (\`id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`invoice_id\` varchar(40) not null, \`currency\` varchar(3) not null, \`amount_minor\` bigint not null, \`method\` enum('BANK_TRANSFER','ACCEPTANCE_BILL','OFFSET') not null, \`paid_at\` datetime not null, \`reference\` varchar(64) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`payment\` add index \`payment_dealer_id_index\` (\`dealer_id\`);`);
    this.addSql(`alter table \`payment\` add index \`payment_invoice_id_index\` (\`invoice_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`credit_account\`;`);
    this.addSql(`drop table if exists \`invoice\`;`);
    this.addSql(`drop table if exists \`payment\`;`);
  }
}
