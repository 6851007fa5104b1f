import { Migration } from '@mikro-orm/migrations';

export class Migration20261122021639_PartnerKeys extends Migration {
  override name = 'Migration20261122021639_PartnerKeys';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`partner_key\` (\`id\` varchar(40) not null, \`name\` varchar(80) not null, \`key_prefix\` varchar(16) not null, \`key_hash\` varchar(64) not null, \`scope\` enum('CATALOG_READ','DEALER_READ') not null, \`dealer_id\` varchar(40) null, \`rate_limit_per_minute\` int not null, \`created_by_id\` varchar(40) not null, \`created_at\` datetime not null, \`revoked_at\` datetime null, \`last_used_at\` datetime null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`partner_key\` add unique \`partner_key_key_hash_unique\` (\`key_hash\`);`);
    this.addSql(`alter table \`partner_key\` add index \`partner_key_dealer_id_index\` (\`dealer_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`partner_key\`;`);
  }
}
