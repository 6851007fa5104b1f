import { Migration } from '@mikro-orm/migrations';

/** One APPLIED change per existing account (from = to = its terms now): where its history starts. */
const OPENING_HISTORY =
  'insert into credit_limit_change (id, account_id, dealer_id, dealer_region_path, seller_key, currency,' +
  ' from_limit_minor, to_limit_minor, from_term_days, to_term_days, reason, status, needs_second_approval,' +
  ' requested_by_user_id, requested_by_name, requested_at, applied_at, version)' +
  " select 'clc_' || substr(id, 5), id, dealer_id, dealer_region_path, 'BRAND', currency, limit_minor," +
  " limit_minor, term_days, term_days, 'opening: the terms when the history began', 'APPLIED', 0, 'system'," +
  " 'system', updated_at, updated_at, 0 from credit_account;";

export class Migration20261207122512_CreditLimitChanges extends Migration {
  override name = 'Migration20261207122512_CreditLimitChanges';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`credit_limit_change\` (\`id\` text not null primary key, \`account_id\` text not null, \`dealer_id\` text not null, \`dealer_region_path\` text not null, \`seller_key\` text not null default 'BRAND', \`currency\` text not null, \`from_limit_minor\` bigint not null, \`to_limit_minor\` bigint not null, \`from_term_days\` integer not null, \`to_term_days\` integer not null, \`reason\` text not null, \`status\` text check (\`status\` in ('PENDING_APPROVAL', 'APPLIED', 'REJECTED', 'SUPERSEDED')) not null, \`needs_second_approval\` integer not null, \`requested_by_user_id\` text not null, \`requested_by_name\` text not null, \`requested_at\` datetime not null, \`decided_by_user_id\` text null, \`decided_by_name\` text null, \`decided_at\` datetime null, \`decision_comment\` text null, \`applied_at\` datetime null, \`version\` integer not null default 0);`,
    );
    this.addSql(
      `create index \`credit_limit_change_account_id_requested_at_index\` on \`credit_limit_change\` (\`account_id\`, \`requested_at\`);`,
    );
    this.addSql(
      `create index \`credit_limit_change_dealer_id_requested_at_index\` on \`credit_limit_change\` (\`dealer_id\`, \`requested_at\`);`,
    );
    this.addSql(
      `create index \`credit_limit_change_status_requested_at_id_index\` on \`credit_limit_change\` (\`status\`, \`requested_at\`, \`id\`);`,
    );
    // Every existing account's limit and terms become its opening history row.
    this.addSql(OPENING_HISTORY);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`credit_limit_change\`;`);
  }
}
