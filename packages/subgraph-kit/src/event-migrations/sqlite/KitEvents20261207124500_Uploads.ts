import { Migration } from '@mikro-orm/migrations';

export class KitEvents20261207124500_Uploads extends Migration {
  override name = 'KitEvents20261207124500_Uploads';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`upload\` (\`id\` text not null primary key, \`purpose\` text not null, \`owner_user_id\` text null, \`blob_key\` text not null, \`content_type\` text not null, \`byte_size\` integer not null, \`sha256\` text not null, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`consumed_at\` datetime null);`,
    );
    this.addSql(`create index \`upload_expires_at_index\` on \`upload\` (\`expires_at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`upload\`;`);
  }
}
