import { Migration } from '@mikro-orm/migrations';

export class Migration20261122022816_OrderAlerts extends Migration {
  override name = 'Migration20261122022816_OrderAlerts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`order_alert\` (\`id\` varchar(40) not null, \`kind\` enum('REVIEW_OVERDUE') not null, \`order_id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`region_path\` varchar(400) not null, \`open_key\` varchar(120) not null, \`message\` varchar(400) not null, \`waited_minutes\` int not null, \`threshold_minutes\` int not null, \`raised_at\` datetime not null, \`acknowledged_at\` datetime null, \`acknowledged_by\` varchar(60) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`order_alert\` add unique \`order_alert_open_key_unique\` (\`open_key\`);`);
    this.addSql(`alter table \`order_alert\` add index \`order_alert_dealer_id_id_index\` (\`dealer_id\`, \`id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`order_alert\`;`);
  }
}
