import { Migration } from '@mikro-orm/migrations';

export class Migration20261207191825_RebatePolicies extends Migration {
  override name = 'Migration20261207191825_RebatePolicies';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`rebate_award\` (\`id\` varchar(40) not null, \`policy_id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`period\` varchar(10) not null, \`amount_minor\` bigint not null, \`reason\` varchar(500) not null, \`granted_by\` varchar(64) not null, \`granted_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`rebate_award\` add index \`rebate_award_policy_id_dealer_id_period_index\` (\`policy_id\`, \`dealer_id\`, \`period\`);`,
    );

    this.addSql(
      `create table \`rebate_policy\` (\`id\` varchar(40) not null, \`code\` varchar(40) not null, \`name\` varchar(120) not null, \`status\` enum('DRAFT','ACTIVE','CLOSED') not null, \`period_kind\` enum('MONTH','QUARTER','YEAR') not null, \`valid_from\` varchar(10) not null, \`valid_to\` varchar(10) not null, \`basis\` enum('SHIPPED','PAID','QUANTITY') not null, \`calculation\` enum('TIERED','GROWTH','TARGET','PRODUCT_MIX','MANUAL') not null, \`parameters\` text not null, \`settlement_form\` enum('CREDIT_NOTE','BALANCE') not null, \`budget_minor\` bigint null, \`dealer_grades\` json not null, \`region_ids\` json not null, \`category_ids\` json not null, \`brand_ids\` json not null, \`product_ids\` json not null, \`created_by\` varchar(64) not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`rebate_policy\` add unique \`rebate_policy_code_unique\` (\`code\`);`);
    this.addSql(
      `alter table \`rebate_policy\` add index \`rebate_policy_status_created_at_id_index\` (\`status\`, \`created_at\`, \`id\`);`,
    );

    this.addSql(
      `create table \`rebate_policy_dealer\` (\`policy_id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, primary key (\`policy_id\`, \`dealer_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`rebate_target\` (\`id\` varchar(40) not null, \`policy_id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`period\` varchar(10) not null, \`target\` bigint not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`rebate_target\` add unique \`rebate_target_policy_id_dealer_id_period_unique\` (\`policy_id\`, \`dealer_id\`, \`period\`);`,
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
    this.addSql(`drop table if exists \`rebate_award\`;`);
    this.addSql(`drop table if exists \`rebate_policy\`;`);
    this.addSql(`drop table if exists \`rebate_policy_dealer\`;`);
    this.addSql(`drop table if exists \`rebate_target\`;`);

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
