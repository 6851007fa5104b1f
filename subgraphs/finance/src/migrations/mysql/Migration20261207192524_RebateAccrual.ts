import { Migration } from '@mikro-orm/migrations';

export class Migration20261207192524_RebateAccrual extends Migration {
  override name = 'Migration20261207192524_RebateAccrual';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`rebate_accrual_entry\` (\`id\` varchar(40) not null, \`policy_id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`period\` varchar(10) not null, \`source_type\` varchar(16) not null, \`source_id\` varchar(40) not null, \`line\` varchar(60) not null, \`product_id\` varchar(40) not null, \`basis_minor\` bigint not null, \`quantity\` int not null, \`document_date\` varchar(10) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`rebate_accrual_entry\` add index \`rebate_accrual_entry_policy_id_dealer_id_period_index\` (\`policy_id\`, \`dealer_id\`, \`period\`);`,
    );
    this.addSql(
      `alter table \`rebate_accrual_entry\` add unique \`rebate_accrual_entry_policy_id_source_type_source_id_line_unique\` (\`policy_id\`, \`source_type\`, \`source_id\`, \`line\`);`,
    );

    this.addSql(
      `create table \`rebate_basis_month\` (\`dealer_id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`month\` varchar(7) not null, \`shipped_minor\` bigint not null default '0', \`quantity\` bigint not null default '0', \`paid_minor\` bigint not null default '0', primary key (\`dealer_id\`, \`product_id\`, \`month\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`rebate_basis_month\` add index \`rebate_basis_month_dealer_id_month_index\` (\`dealer_id\`, \`month\`);`,
    );

    this.addSql(
      `create table \`rebate_basis_source\` (\`id\` varchar(40) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`rebate_progress\` (\`id\` varchar(40) not null, \`policy_id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`period\` varchar(10) not null, \`basis_minor\` bigint not null, \`quantity\` int not null, \`accrued_minor\` bigint not null, \`tier_index\` int null, \`next_threshold\` bigint null, \`remaining\` bigint null, \`next_rate_bp\` int null, \`version\` int not null default 1, \`updated_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`rebate_progress\` add index \`rebate_progress_dealer_id_period_index\` (\`dealer_id\`, \`period\`);`,
    );
    this.addSql(
      `alter table \`rebate_progress\` add unique \`rebate_progress_policy_id_dealer_id_period_unique\` (\`policy_id\`, \`dealer_id\`, \`period\`);`,
    );

    this.addSql(`alter table \`credit_account\` modify \`balance_minor\` bigint not null default '0';`);

    this.addSql(`alter table \`credit_hold\` modify \`captured_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`credit_hold\` modify \`released_minor\` bigint not null default '0';`);

    this.addSql(`alter table \`dealer_profile\` modify \`source_version\` bigint not null default '0';`);

    this.addSql(`alter table \`invoice\` modify \`net_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`invoice\` modify \`tax_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`invoice\` modify \`credited_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`invoice\` modify \`outstanding_minor\` bigint not null default '0';`);

    this.addSql(`alter table \`payment\` modify \`allocated_minor\` bigint not null default '0';`);
    this.addSql(`alter table \`payment\` modify \`unallocated_minor\` bigint not null default '0';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`rebate_accrual_entry\`;`);
    this.addSql(`drop table if exists \`rebate_basis_month\`;`);
    this.addSql(`drop table if exists \`rebate_basis_source\`;`);
    this.addSql(`drop table if exists \`rebate_progress\`;`);

    this.addSql(`alter table \`credit_account\` modify \`balance_minor\` bigint not null default 0;`);

    this.addSql(`alter table \`credit_hold\` modify \`captured_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`credit_hold\` modify \`released_minor\` bigint not null default 0;`);

    this.addSql(`alter table \`dealer_profile\` modify \`source_version\` bigint not null default 0;`);

    this.addSql(`alter table \`invoice\` modify \`net_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`invoice\` modify \`tax_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`invoice\` modify \`credited_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`invoice\` modify \`outstanding_minor\` bigint not null default 0;`);

    this.addSql(`alter table \`payment\` modify \`allocated_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`payment\` modify \`unallocated_minor\` bigint not null default 0;`);
  }
}
