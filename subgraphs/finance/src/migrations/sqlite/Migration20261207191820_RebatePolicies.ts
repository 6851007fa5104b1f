import { Migration } from '@mikro-orm/migrations';

export class Migration20261207191820_RebatePolicies extends Migration {
  override name = 'Migration20261207191820_RebatePolicies';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`rebate_award\` (\`id\` text not null primary key, \`policy_id\` text not null, \`dealer_id\` text not null, \`period\` text not null, \`amount_minor\` bigint not null, \`reason\` text not null, \`granted_by\` text not null, \`granted_at\` datetime not null);`,
    );
    this.addSql(
      `create index \`rebate_award_policy_id_dealer_id_period_index\` on \`rebate_award\` (\`policy_id\`, \`dealer_id\`, \`period\`);`,
    );

    this.addSql(
      `create table \`rebate_policy\` (\`id\` text not null primary key, \`code\` text not null, \`name\` text not null, \`status\` text check (\`status\` in ('DRAFT', 'ACTIVE', 'CLOSED')) not null, \`period_kind\` text check (\`period_kind\` in ('MONTH', 'QUARTER', 'YEAR')) not null, \`valid_from\` text not null, \`valid_to\` text not null, \`basis\` text check (\`basis\` in ('SHIPPED', 'PAID', 'QUANTITY')) not null, \`calculation\` text check (\`calculation\` in ('TIERED', 'GROWTH', 'TARGET', 'PRODUCT_MIX', 'MANUAL')) not null, \`parameters\` text not null, \`settlement_form\` text check (\`settlement_form\` in ('CREDIT_NOTE', 'BALANCE')) not null, \`budget_minor\` bigint null, \`dealer_grades\` json not null, \`region_ids\` json not null, \`category_ids\` json not null, \`brand_ids\` json not null, \`product_ids\` json not null, \`created_by\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`version\` integer not null default 1);`,
    );
    this.addSql(`create unique index \`rebate_policy_code_unique\` on \`rebate_policy\` (\`code\`);`);
    this.addSql(
      `create index \`rebate_policy_status_created_at_id_index\` on \`rebate_policy\` (\`status\`, \`created_at\`, \`id\`);`,
    );

    this.addSql(
      `create table \`rebate_policy_dealer\` (\`policy_id\` text not null, \`dealer_id\` text not null, primary key (\`policy_id\`, \`dealer_id\`));`,
    );

    this.addSql(
      `create table \`rebate_target\` (\`id\` text not null primary key, \`policy_id\` text not null, \`dealer_id\` text not null, \`period\` text not null, \`target\` bigint not null);`,
    );
    this.addSql(
      `create unique index \`rebate_target_policy_id_dealer_id_period_unique\` on \`rebate_target\` (\`policy_id\`, \`dealer_id\`, \`period\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`rebate_award\`;`);
    this.addSql(`drop table if exists \`rebate_policy\`;`);
    this.addSql(`drop table if exists \`rebate_policy_dealer\`;`);
    this.addSql(`drop table if exists \`rebate_target\`;`);
  }
}
