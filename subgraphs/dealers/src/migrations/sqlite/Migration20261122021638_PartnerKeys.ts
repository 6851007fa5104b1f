import { Migration } from '@mikro-orm/migrations';

export class Migration20261122021638_PartnerKeys extends Migration {
  override name = 'Migration20261122021638_PartnerKeys';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`partner_key\` (\`id\` text not null primary key, \`name\` text not null, \`key_prefix\` text not null, \`key_hash\` text not null, \`scope\` text check (\`scope\` in ('CATALOG_READ', 'DEALER_READ')) not null, \`dealer_id\` text null, \`rate_limit_per_minute\` integer not null, \`created_by_id\` text not null, \`created_at\` datetime not null, \`revoked_at\` datetime null, \`last_used_at\` datetime null);`,
    );
    this.addSql(`create unique index \`partner_key_key_hash_unique\` on \`partner_key\` (\`key_hash\`);`);
    this.addSql(`create index \`partner_key_dealer_id_index\` on \`partner_key\` (\`dealer_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`partner_key\`;`);
  }
}
