import { Migration } from '@mikro-orm/migrations';

export class Migration20261207060248_Reconciliation extends Migration {
  override name = 'Migration20261207060248_Reconciliation';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`bank_import\` (\`id\` varchar(40) not null, \`file_sha256\` varchar(64) not null, \`file_name\` varchar(200) not null, \`bank_account\` varchar(40) not null, \`encoding\` varchar(10) not null, \`status\` enum('IMPORTING','COMPLETED') not null, \`lease_until\` datetime not null, \`line_count\` int not null, \`imported_count\` int not null default 0, \`duplicate_count\` int not null default 0, \`matched_count\` int not null default 0, \`unmatched_count\` int not null default 0, \`error_count\` int not null default 0, \`imported_by_user_id\` varchar(40) not null, \`created_at\` datetime not null, \`completed_at\` datetime null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`bank_import\` add unique \`bank_import_file_sha256_unique\` (\`file_sha256\`);`);
    this.addSql(`alter table \`bank_import\` add index \`bank_import_created_at_id_index\` (\`created_at\`, \`id\`);`);

    this.addSql(
      `create table \`bank_statement_line\` (\`id\` varchar(40) not null, \`import_id\` varchar(40) not null, \`line_no\` int not null, \`row_hash\` varchar(64) not null, \`bank_account\` varchar(40) not null, \`value_date\` varchar(10) not null, \`amount_minor\` bigint not null, \`payer_name\` varchar(200) not null, \`payer_account\` varchar(64) not null, \`payer_bank\` varchar(200) not null, \`summary\` varchar(500) not null, \`remark\` varchar(500) not null, \`bank_serial\` varchar(64) not null, \`status\` enum('MATCHED','UNMATCHED','IGNORED') not null, \`match_rule\` enum('INVOICE_REFERENCE','ORDER_REFERENCE','PAYER_ACCOUNT','MANUAL') null, \`dealer_id\` varchar(40) null, \`payment_id\` varchar(40) null, \`suggestion_dealer_id\` varchar(40) null, \`handled_by_user_id\` varchar(40) null, \`handled_at\` datetime null, \`ignore_reason\` varchar(200) null, \`created_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`bank_statement_line\` add unique \`bank_statement_line_row_hash_unique\` (\`row_hash\`);`,
    );
    this.addSql(
      `alter table \`bank_statement_line\` add unique \`bank_statement_line_payment_id_unique\` (\`payment_id\`);`,
    );
    this.addSql(
      `alter table \`bank_statement_line\` add index \`bank_statement_line_import_id_line_no_index\` (\`import_id\`, \`line_no\`);`,
    );
    this.addSql(
      `alter table \`bank_statement_line\` add index \`bank_statement_line_status_value_date_id_index\` (\`status\`, \`value_date\`, \`id\`);`,
    );

    this.addSql(
      `create table \`finance_period\` (\`period\` varchar(7) not null, \`status\` enum('OPEN','CLOSED') not null, \`closed_at\` datetime null, \`statement_count\` int not null default 0, primary key (\`period\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`payer_account\` (\`account_no\` varchar(64) not null, \`payer_name\` varchar(200) not null, \`dealer_id\` varchar(40) not null, \`learned_by_user_id\` varchar(40) not null, \`learned_at\` datetime not null, primary key (\`account_no\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`statement\` (\`id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`dealer_region_path\` varchar(400) not null, \`period\` varchar(7) not null, \`opening_minor\` bigint not null, \`invoices_minor\` bigint not null, \`payments_minor\` bigint not null, \`credit_notes_minor\` bigint not null, \`closing_minor\` bigint not null, \`document_count\` int not null, \`status\` enum('LIVE','ISSUED','CONFIRMED','DISPUTED') not null, \`version\` int not null default 1, \`issued_at\` datetime null, \`confirmed_at\` datetime null, \`confirmed_by_user_id\` varchar(40) null, \`disputed_at\` datetime null, \`disputed_by_user_id\` varchar(40) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`statement\` add index \`statement_period_status_id_index\` (\`period\`, \`status\`, \`id\`);`,
    );
    this.addSql(
      `alter table \`statement\` add unique \`statement_dealer_id_period_unique\` (\`dealer_id\`, \`period\`);`,
    );

    this.addSql(
      `create table \`statement_event\` (\`id\` varchar(40) not null, \`statement_id\` varchar(40) not null, \`action\` enum('ISSUED','CONFIRMED','DISPUTED','RESPONDED') not null, \`actor_user_id\` varchar(40) null, \`actor_name\` varchar(100) not null, \`comment\` varchar(500) null, \`at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`statement_event\` add index \`statement_event_statement_id_at_index\` (\`statement_id\`, \`at\`);`,
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
