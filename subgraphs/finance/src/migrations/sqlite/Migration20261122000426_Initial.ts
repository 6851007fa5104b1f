import { Migration } from '@mikro-orm/migrations';

export class Migration20261122000426_Initial extends Migration {
  override name = 'Migration20261122000426_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`credit_account\` (\`id\` text not null primary key, \`dealer_id\` text not null, \`dealer_region_path\` text not null, \`dealer_path\` text not null, \`currency\` text not null, \`limit_minor\` bigint not null, \`used_minor\` bigint not null, \`held_minor\` bigint not null, \`utilization_ppm\` integer not null, \`term_days\` integer not null, \`status\` text check (\`status\` in ('ACTIVE', 'FROZEN')) not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`credit_account_dealer_id_unique\` on \`credit_account\` (\`dealer_id\`);`);
    this.addSql(
      `create index \`credit_account_dealer_region_path_index\` on \`credit_account\` (\`dealer_region_path\`);`,
    );
    this.addSql(
      `create index \`credit_account_utilization_ppm_id_index\` on \`credit_account\` (\`utilization_ppm\`, \`id\`);`,
    );

    this.addSql(
      `create table \`invoice\` (\`id\` text not null primary key, \`number\` text not null, \`dealer_id\` text not null, \`dealer_region_path\` text not null, \`order_id\` text null, \`currency\` text not null, \`amount_minor\` bigint not null, \`paid_minor\` bigint not null, \`issued_at\` datetime not null, \`due_at\` datetime not null, \`paid_at\` datetime null);`,
    );
    this.addSql(`create unique index \`invoice_number_unique\` on \`invoice\` (\`number\`);`);
    this.addSql(`create index \`invoice_dealer_region_path_index\` on \`invoice\` (\`dealer_region_path\`);`);
    this.addSql(`create index \`invoice_order_id_index\` on \`invoice\` (\`order_id\`);`);
    this.addSql(`create index \`invoice_dealer_id_due_at_index\` on \`invoice\` (\`dealer_id\`, \`due_at\`);`);
    this.addSql(`create index \`invoice_due_at_id_index\` on \`invoice\` (\`due_at\`, \`id\`);`);
    this.addSql(`create index \`invoice_issued_at_id_index\` on \`invoice\` (\`issued_at\`, \`id\`);`);

    this.addSql(
      `create table \`payment\` (\`id\` text not null primary key, \`dealer_id\` text not null, \`invoice_id\` text not null, \`currency\` text not null, \`amount_minor\` bigint not null, \`method\` text check (\`method\` in ('BANK_TRANSFER', 'ACCEPTANCE_BILL', 'OFFSET')) not null, \`paid_at\` datetime not null, \`reference\` text not null);`,
    );
    this.addSql(`create index \`payment_dealer_id_index\` on \`payment\` (\`dealer_id\`);`);
    this.addSql(`create index \`payment_invoice_id_index\` on \`payment\` (\`invoice_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`credit_account\`;`);
    this.addSql(`drop table if exists \`invoice\`;`);
    this.addSql(`drop table if exists \`payment\`;`);
  }
}
