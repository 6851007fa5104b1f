import { Migration } from '@mikro-orm/migrations';

export class Migration20261207060248_Reconciliation extends Migration {
  override name = 'Migration20261207060248_Reconciliation';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`bank_import\` (\`id\` text not null primary key, \`file_sha256\` text not null, \`file_name\` text not null, \`bank_account\` text not null, \`encoding\` text not null, \`status\` text check (\`status\` in ('IMPORTING', 'COMPLETED')) not null, \`lease_until\` datetime not null, \`line_count\` integer not null, \`imported_count\` integer not null default 0, \`duplicate_count\` integer not null default 0, \`matched_count\` integer not null default 0, \`unmatched_count\` integer not null default 0, \`error_count\` integer not null default 0, \`imported_by_user_id\` text not null, \`created_at\` datetime not null, \`completed_at\` datetime null);`,
    );
    this.addSql(`create unique index \`bank_import_file_sha256_unique\` on \`bank_import\` (\`file_sha256\`);`);
    this.addSql(`create index \`bank_import_created_at_id_index\` on \`bank_import\` (\`created_at\`, \`id\`);`);

    this.addSql(
      `create table \`bank_statement_line\` (\`id\` text not null primary key, \`import_id\` text not null, \`line_no\` integer not null, \`row_hash\` text not null, \`bank_account\` text not null, \`value_date\` text not null, \`amount_minor\` bigint not null, \`payer_name\` text not null, \`payer_account\` text not null, \`payer_bank\` text not null, \`summary\` text not null, \`remark\` text not null, \`bank_serial\` text not null, \`status\` text check (\`status\` in ('MATCHED', 'UNMATCHED', 'IGNORED')) not null, \`match_rule\` text check (\`match_rule\` in ('INVOICE_REFERENCE', 'ORDER_REFERENCE', 'PAYER_ACCOUNT', 'MANUAL')) null, \`dealer_id\` text null, \`payment_id\` text null, \`suggestion_dealer_id\` text null, \`handled_by_user_id\` text null, \`handled_at\` datetime null, \`ignore_reason\` text null, \`created_at\` datetime not null);`,
    );
    this.addSql(
      `create unique index \`bank_statement_line_row_hash_unique\` on \`bank_statement_line\` (\`row_hash\`);`,
    );
    this.addSql(
      `create unique index \`bank_statement_line_payment_id_unique\` on \`bank_statement_line\` (\`payment_id\`);`,
    );
    this.addSql(
      `create index \`bank_statement_line_import_id_line_no_index\` on \`bank_statement_line\` (\`import_id\`, \`line_no\`);`,
    );
    this.addSql(
      `create index \`bank_statement_line_status_value_date_id_index\` on \`bank_statement_line\` (\`status\`, \`value_date\`, \`id\`);`,
    );

    this.addSql(
      `create table \`finance_period\` (\`period\` text not null primary key, \`status\` text check (\`status\` in ('OPEN', 'CLOSED')) not null, \`closed_at\` datetime null, \`statement_count\` integer not null default 0);`,
    );

    this.addSql(
      `create table \`payer_account\` (\`account_no\` text not null primary key, \`payer_name\` text not null, \`dealer_id\` text not null, \`learned_by_user_id\` text not null, \`learned_at\` datetime not null);`,
    );

    this.addSql(
      `create table \`statement\` (\`id\` text not null primary key, \`dealer_id\` text not null, \`dealer_region_path\` text not null, \`period\` text not null, \`opening_minor\` bigint not null, \`invoices_minor\` bigint not null, \`payments_minor\` bigint not null, \`credit_notes_minor\` bigint not null, \`closing_minor\` bigint not null, \`document_count\` integer not null, \`status\` text check (\`status\` in ('LIVE', 'ISSUED', 'CONFIRMED', 'DISPUTED')) not null, \`version\` integer not null default 1, \`issued_at\` datetime null, \`confirmed_at\` datetime null, \`confirmed_by_user_id\` text null, \`disputed_at\` datetime null, \`disputed_by_user_id\` text null);`,
    );
    this.addSql(`create index \`statement_period_status_id_index\` on \`statement\` (\`period\`, \`status\`, \`id\`);`);
    this.addSql(
      `create unique index \`statement_dealer_id_period_unique\` on \`statement\` (\`dealer_id\`, \`period\`);`,
    );

    this.addSql(
      `create table \`statement_event\` (\`id\` text not null primary key, \`statement_id\` text not null, \`action\` text check (\`action\` in ('ISSUED', 'CONFIRMED', 'DISPUTED', 'RESPONDED')) not null, \`actor_user_id\` text null, \`actor_name\` text not null, \`comment\` text null, \`at\` datetime not null);`,
    );
    this.addSql(
      `create index \`statement_event_statement_id_at_index\` on \`statement_event\` (\`statement_id\`, \`at\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`bank_import\`;`);
    this.addSql(`drop table if exists \`bank_statement_line\`;`);
    this.addSql(`drop table if exists \`finance_period\`;`);
    this.addSql(`drop table if exists \`payer_account\`;`);
    this.addSql(`drop table if exists \`statement\`;`);
    this.addSql(`drop table if exists \`statement_event\`;`);
  }
}
