import { Migration } from '@mikro-orm/migrations';

export class Migration20261207125637_QualificationAlerts extends Migration {
  override name = 'Migration20261207125637_QualificationAlerts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`qualification_alert\` (\`id\` varchar(40) not null, \`raised_at\` datetime not null, \`acknowledged_at\` datetime null, \`acknowledged_by\` varchar(60) null, \`open_key\` varchar(60) null, \`qualification_id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`region_path\` varchar(400) not null, \`kind\` enum('BUSINESS_LICENSE','FOOD_DISTRIBUTION_LICENSE','GSP_CERTIFICATE') not null, \`threshold_days\` int not null, \`days_left\` int not null, \`required\` tinyint(1) not null, \`valid_until\` datetime not null, \`resolved_at\` datetime null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`qualification_alert\` add unique \`qualification_alert_open_key_unique\` (\`open_key\`);`,
    );
    this.addSql(
      `alter table \`qualification_alert\` add index \`qualification_alert_qualification_id_index\` (\`qualification_id\`);`,
    );
    this.addSql(
      `alter table \`qualification_alert\` add index \`qualification_alert_dealer_id_raised_at_index\` (\`dealer_id\`, \`raised_at\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`qualification_alert\`;`);
  }
}
