import { Migration } from '@mikro-orm/migrations';

export class Migration20261207125634_QualificationAlerts extends Migration {
  override name = 'Migration20261207125634_QualificationAlerts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`qualification_alert\` (\`id\` text not null primary key, \`raised_at\` datetime not null, \`acknowledged_at\` datetime null, \`acknowledged_by\` text null, \`open_key\` text null, \`qualification_id\` text not null, \`dealer_id\` text not null, \`region_path\` text not null, \`kind\` text check (\`kind\` in ('BUSINESS_LICENSE', 'FOOD_DISTRIBUTION_LICENSE', 'GSP_CERTIFICATE')) not null, \`threshold_days\` integer not null, \`days_left\` integer not null, \`required\` integer not null, \`valid_until\` datetime not null, \`resolved_at\` datetime null);`,
    );
    this.addSql(
      `create unique index \`qualification_alert_open_key_unique\` on \`qualification_alert\` (\`open_key\`);`,
    );
    this.addSql(
      `create index \`qualification_alert_qualification_id_index\` on \`qualification_alert\` (\`qualification_id\`);`,
    );
    this.addSql(
      `create index \`qualification_alert_dealer_id_raised_at_index\` on \`qualification_alert\` (\`dealer_id\`, \`raised_at\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`qualification_alert\`;`);
  }
}
