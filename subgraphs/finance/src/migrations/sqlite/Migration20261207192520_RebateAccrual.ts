import { Migration } from '@mikro-orm/migrations';

export class Migration20261207192520_RebateAccrual extends Migration {
  override name = 'Migration20261207192520_RebateAccrual';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`rebate_accrual_entry\` (\`id\` text not null primary key, \`policy_id\` text not null, \`dealer_id\` text not null, \`period\` text not null, \`source_type\` text not null, \`source_id\` text not null, \`line\` text not null, \`product_id\` text not null, \`basis_minor\` bigint not null, \`quantity\` integer not null, \`document_date\` text not null);`,
    );
    this.addSql(
      `create index \`rebate_accrual_entry_policy_id_dealer_id_period_index\` on \`rebate_accrual_entry\` (\`policy_id\`, \`dealer_id\`, \`period\`);`,
    );
    this.addSql(
      `create unique index \`rebate_accrual_entry_policy_id_source_type_source_id_line_unique\` on \`rebate_accrual_entry\` (\`policy_id\`, \`source_type\`, \`source_id\`, \`line\`);`,
    );

    this.addSql(
      `create table \`rebate_basis_month\` (\`dealer_id\` text not null, \`product_id\` text not null, \`month\` text not null, \`shipped_minor\` bigint not null default '0', \`quantity\` bigint not null default '0', \`paid_minor\` bigint not null default '0', primary key (\`dealer_id\`, \`product_id\`, \`month\`));`,
    );
    this.addSql(
      `create index \`rebate_basis_month_dealer_id_month_index\` on \`rebate_basis_month\` (\`dealer_id\`, \`month\`);`,
    );

    this.addSql(`create table \`rebate_basis_source\` (\`id\` text not null primary key);`);

    this.addSql(
      `create table \`rebate_progress\` (\`id\` text not null primary key, \`policy_id\` text not null, \`dealer_id\` text not null, \`period\` text not null, \`basis_minor\` bigint not null, \`quantity\` integer not null, \`accrued_minor\` bigint not null, \`tier_index\` integer null, \`next_threshold\` bigint null, \`remaining\` bigint null, \`next_rate_bp\` integer null, \`version\` integer not null default 1, \`updated_at\` datetime not null);`,
    );
    this.addSql(
      `create index \`rebate_progress_dealer_id_period_index\` on \`rebate_progress\` (\`dealer_id\`, \`period\`);`,
    );
    this.addSql(
      `create unique index \`rebate_progress_policy_id_dealer_id_period_unique\` on \`rebate_progress\` (\`policy_id\`, \`dealer_id\`, \`period\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`rebate_accrual_entry\`;`);
    this.addSql(`drop table if exists \`rebate_basis_month\`;`);
    this.addSql(`drop table if exists \`rebate_basis_source\`;`);
    this.addSql(`drop table if exists \`rebate_progress\`;`);
  }
}
