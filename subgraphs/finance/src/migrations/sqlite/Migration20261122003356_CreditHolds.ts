import { Migration } from '@mikro-orm/migrations';

export class Migration20261122003356_CreditHolds extends Migration {
  override name = 'Migration20261122003356_CreditHolds';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`credit_hold\` (\`id\` text not null primary key, \`key\` text not null, \`dealer_id\` text not null, \`currency\` text not null, \`amount_minor\` bigint not null, \`status\` text check (\`status\` in ('HELD', 'RELEASED', 'CAPTURED')) not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`credit_hold_key_unique\` on \`credit_hold\` (\`key\`);`);
    this.addSql(`create index \`credit_hold_dealer_id_status_index\` on \`credit_hold\` (\`dealer_id\`, \`status\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`credit_hold\`;`);
  }
}
