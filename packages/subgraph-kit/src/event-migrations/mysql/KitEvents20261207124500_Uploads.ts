import { Migration } from '@mikro-orm/migrations';

export class KitEvents20261207124500_Uploads extends Migration {
  override name = 'KitEvents20261207124500_Uploads';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`upload\` (\`id\` varchar(40) not null, \`purpose\` varchar(40) not null, \`owner_user_id\` varchar(60) null, \`blob_key\` varchar(200) not null, \`content_type\` varchar(60) not null, \`byte_size\` int not null, \`sha256\` varchar(64) not null, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`consumed_at\` datetime null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`upload\` add index \`upload_expires_at_index\` (\`expires_at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`upload\`;`);
  }
}
