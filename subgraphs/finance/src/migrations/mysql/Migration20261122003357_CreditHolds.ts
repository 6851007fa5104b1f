import { Migration } from '@mikro-orm/migrations';

export class Migration20261122003357_CreditHolds extends Migration {
  override name = 'Migration20261122003357_CreditHolds';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`credit_hold\` (\`id\` varchar(40) not null, \`key\` varchar(120) not null, \`dealer_id\` varchar(40) not null, \`currency\` varchar(3) not null, \`amount_minor\` bigint not null, \`status\` enum('HELD','RELEASED','CAPTURED') not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`credit_hold\` add unique \`credit_hold_key_unique\` (\`key\`);`);
    this.addSql(
      `alter table \`credit_hold\` add index \`credit_hold_dealer_id_status_index\` (\`dealer_id\`, \`status\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`credit_hold\`;`);
  }
}
