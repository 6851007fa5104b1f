import { Migration } from '@mikro-orm/migrations';

export class Migration20261207221801_RebateSettlement extends Migration {
  override name = 'Migration20261207221801_RebateSettlement';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`rebate_balance\` (\`dealer_id\` varchar(40) not null, \`dealer_region_path\` varchar(400) not null default '', \`available\` bigint not null default '0', \`held\` bigint not null default '0', \`settled\` bigint not null default '0', \`captured\` bigint not null default '0', \`version\` int not null default 1, \`updated_at\` datetime not null, primary key (\`dealer_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`rebate_balance_entry\` (\`id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`movement\` enum('SETTLED','HELD','CAPTURED','RELEASED') not null, \`amount_minor\` bigint not null, \`source_id\` varchar(120) not null, \`created_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`rebate_balance_entry\` add index \`rebate_balance_entry_dealer_id_created_at_index\` (\`dealer_id\`, \`created_at\`);`,
    );

    this.addSql(
      `create table \`rebate_hold\` (\`id\` varchar(40) not null, \`key\` varchar(120) not null, \`dealer_id\` varchar(40) not null, \`amount_minor\` bigint not null, \`order_total_minor\` bigint not null default '0', \`captured_minor\` bigint not null default '0', \`invoiced_minor\` bigint not null default '0', \`released_minor\` bigint not null default '0', \`status\` enum('HELD','RELEASED','CAPTURED') not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`rebate_hold\` add unique \`rebate_hold_key_unique\` (\`key\`);`);
    this.addSql(
      `alter table \`rebate_hold\` add index \`rebate_hold_dealer_id_status_index\` (\`dealer_id\`, \`status\`);`,
    );

    this.addSql(
      `create table \`rebate_settlement\` (\`id\` varchar(40) not null, \`policy_id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`dealer_region_path\` varchar(400) not null, \`period\` varchar(10) not null, \`status\` enum('PROPOSED','APPROVED','REJECTED') not null, \`form\` enum('CREDIT_NOTE','BALANCE') not null, \`amount_minor\` bigint not null, \`accrued_minor\` bigint not null, \`awards_minor\` bigint not null, \`credit_note_id\` varchar(40) null, \`reject_reason\` varchar(500) null, \`decided_by\` varchar(64) null, \`decided_at\` datetime null, \`created_at\` datetime not null, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`rebate_settlement\` add index \`rebate_settlement_dealer_region_path_index\` (\`dealer_region_path\`);`,
    );
    this.addSql(
      `alter table \`rebate_settlement\` add index \`rebate_settlement_dealer_id_period_index\` (\`dealer_id\`, \`period\`);`,
    );
    this.addSql(
      `alter table \`rebate_settlement\` add index \`rebate_settlement_status_created_at_id_index\` (\`status\`, \`created_at\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`rebate_settlement\` add unique \`rebate_settlement_policy_id_dealer_id_period_unique\` (\`policy_id\`, \`dealer_id\`, \`period\`);`,
    );

    this.addSql(
      `create table \`rebate_settlement_line\` (\`settlement_id\` varchar(40) not null, \`line_no\` int unsigned not null, \`product_id\` varchar(40) not null, \`sku\` varchar(64) not null, \`product_name\` varchar(200) not null, \`tax_class\` enum('STANDARD','REDUCED','ZERO') not null, \`basis_minor\` bigint not null, \`quantity\` int not null, \`amount_minor\` bigint not null, primary key (\`settlement_id\`, \`line_no\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`rebate_settlement_run\` (\`period\` varchar(10) not null, \`status\` varchar(16) not null, \`lease_until\` datetime not null, \`proposed\` int not null default 0, \`finished_at\` datetime null, primary key (\`period\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(`alter table \`credit_account\` modify \`balance_minor\` bigint not null default '0';`);

    this.addSql(`alter table \`credit_hold\` modify \`captured_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`credit_hold\` modify \`released_minor\` bigint not null default '0';`);

    this.addSql(`alter table \`dealer_profile\` modify \`source_version\` bigint not null default '0';`);

    this.addSql(`alter table \`invoice\` modify \`net_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`invoice\` modify \`tax_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`invoice\` modify \`credited_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`invoice\` modify \`outstanding_minor\` bigint not null default '0';`);

    this.addSql(
      `alter table \`payment\` modify \`source\` enum('MANUAL','BANK_IMPORT','REBATE') not null default 'MANUAL';`,
    );
    this.addSql(`alter table \`payment\` modify \`allocated_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`payment\` modify \`unallocated_minor\` bigint not null default '0';`);

    this.addSql(`alter table \`rebate_basis_month\` modify \`shipped_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`rebate_basis_month\` modify \`quantity\` bigint not null default '0';`);
    this.addSql(`alter table \`rebate_basis_month\` modify \`paid_minor\` bigint not null default '0';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`rebate_balance\`;`);
    this.addSql(`drop table if exists \`rebate_balance_entry\`;`);
    this.addSql(`drop table if exists \`rebate_hold\`;`);
    this.addSql(`drop table if exists \`rebate_settlement\`;`);
    this.addSql(`drop table if exists \`rebate_settlement_line\`;`);
    this.addSql(`drop table if exists \`rebate_settlement_run\`;`);

    this.addSql(`alter table \`credit_account\` modify \`balance_minor\` bigint not null default 0;`);

    this.addSql(`alter table \`credit_hold\` modify \`captured_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`credit_hold\` modify \`released_minor\` bigint not null default 0;`);

    this.addSql(`alter table \`dealer_profile\` modify \`source_version\` bigint not null default 0;`);

    this.addSql(`alter table \`invoice\` modify \`net_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`invoice\` modify \`tax_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`invoice\` modify \`credited_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`invoice\` modify \`outstanding_minor\` bigint not null default 0;`);

    this.addSql(`alter table \`payment\` modify \`source\` enum('MANUAL','BANK_IMPORT') not null default 'MANUAL';`);
    this.addSql(`alter table \`payment\` modify \`allocated_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`payment\` modify \`unallocated_minor\` bigint not null default 0;`);

    this.addSql(`alter table \`rebate_basis_month\` modify \`shipped_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`rebate_basis_month\` modify \`quantity\` bigint not null default 0;`);
    this.addSql(`alter table \`rebate_basis_month\` modify \`paid_minor\` bigint not null default 0;`);
  }
}
