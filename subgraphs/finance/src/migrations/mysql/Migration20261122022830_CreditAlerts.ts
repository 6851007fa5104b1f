import { Migration } from '@mikro-orm/migrations';

export class Migration20261122022830_CreditAlerts extends Migration {
  override name = 'Migration20261122022830_CreditAlerts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`credit_alert\` (\`id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`account_id\` varchar(40) not null, \`dealer_region_path\` varchar(400) not null, \`dealer_path\` varchar(400) not null, \`open_key\` varchar(80) null, \`utilization_ppm\` int not null, \`threshold_percent\` int not null, \`raised_at\` datetime not null, \`resolved_at\` datetime null, \`acknowledged_at\` datetime null, \`acknowledged_by\` varchar(60) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`credit_alert\` add unique \`credit_alert_open_key_unique\` (\`open_key\`);`);
    this.addSql(`alter table \`credit_alert\` add index \`credit_alert_dealer_id_id_index\` (\`dealer_id\`, \`id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`credit_alert\`;`);
  }
}
