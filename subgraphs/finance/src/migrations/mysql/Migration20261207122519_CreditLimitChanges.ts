import { Migration } from '@mikro-orm/migrations';

/** One APPLIED change per existing account (from = to = its terms now): where its history starts. */
const OPENING_HISTORY =
  'insert into credit_limit_change (id, account_id, dealer_id, dealer_region_path, seller_key, currency,' +
  ' from_limit_minor, to_limit_minor, from_term_days, to_term_days, reason, status, needs_second_approval,' +
  ' requested_by_user_id, requested_by_name, requested_at, applied_at, version)' +
  " select concat('clc_', substr(id, 5)), id, dealer_id, dealer_region_path, 'BRAND', currency, limit_minor," +
  " limit_minor, term_days, term_days, 'opening: the terms when the history began', 'APPLIED', 0, 'system'," +
  " 'system', updated_at, updated_at, 0 from credit_account;";

export class Migration20261207122519_CreditLimitChanges extends Migration {
  override name = 'Migration20261207122519_CreditLimitChanges';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`credit_limit_change\` (\`id\` varchar(40) not null, \`account_id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`dealer_region_path\` varchar(400) not null, \`seller_key\` varchar(40) not null default 'BRAND', \`currency\` varchar(3) not null, \`from_limit_minor\` bigint not null, \`to_limit_minor\` bigint not null, \`from_term_days\` int not null, \`to_term_days\` int not null, \`reason\` varchar(500) not null, \`status\` enum('PENDING_APPROVAL','APPLIED','REJECTED','SUPERSEDED') not null, \`needs_second_approval\` tinyint(1) not null, \`requested_by_user_id\` varchar(60) not null, \`requested_by_name\` varchar(120) not null, \`requested_at\` datetime not null, \`decided_by_user_id\` varchar(60) null, \`decided_by_name\` varchar(120) null, \`decided_at\` datetime null, \`decision_comment\` varchar(500) null, \`applied_at\` datetime null, \`version\` int not null default 0, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`credit_limit_change\` add index \`credit_limit_change_account_id_requested_at_index\` (\`account_id\`, \`requested_at\`);`,
    );
    this.addSql(
      `alter table \`credit_limit_change\` add index \`credit_limit_change_dealer_id_requested_at_index\` (\`dealer_id\`, \`requested_at\`);`,
    );
    this.addSql(
      `alter table \`credit_limit_change\` add index \`credit_limit_change_status_requested_at_id_index\` (\`status\`, \`requested_at\`, \`id\`);`,
    );
    // Every existing account's limit and terms become its opening history row.
    this.addSql(OPENING_HISTORY);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`credit_limit_change\`;`);
  }
}
