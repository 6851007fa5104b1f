import { Migration } from '@mikro-orm/migrations';

export class Migration20261122022828_CreditAlerts extends Migration {
  override name = 'Migration20261122022828_CreditAlerts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`credit_alert\` (\`id\` text not null primary key, \`dealer_id\` text not null, \`account_id\` text not null, \`dealer_region_path\` text not null, \`dealer_path\` text not null, \`open_key\` text null, \`utilization_ppm\` integer not null, \`threshold_percent\` integer not null, \`raised_at\` datetime not null, \`resolved_at\` datetime null, \`acknowledged_at\` datetime null, \`acknowledged_by\` text null);`,
    );
    this.addSql(`create unique index \`credit_alert_open_key_unique\` on \`credit_alert\` (\`open_key\`);`);
    this.addSql(`create index \`credit_alert_dealer_id_id_index\` on \`credit_alert\` (\`dealer_id\`, \`id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`credit_alert\`;`);
  }
}
