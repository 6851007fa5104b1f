import { Migration } from '@mikro-orm/migrations';

export class Migration20261207000428_Sessions extends Migration {
  override name = 'Migration20261207000428_Sessions';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`user_session\` (\`id\` varchar(40) not null, \`user_id\` varchar(40) not null, \`created_at\` datetime not null, \`revoked_at\` datetime null, \`revoked_reason\` varchar(40) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`user_session\` add index \`user_session_user_id_index\` (\`user_id\`);`);

    this.addSql(`alter table \`refresh_token\` add \`session_id\` varchar(40) null;`);
    this.addSql(`alter table \`refresh_token\` add index \`refresh_token_session_id_index\` (\`session_id\`);`);

    this.addSql(
      `alter table \`app_user\` add \`disabled_at\` datetime null, add \`disabled_reason\` varchar(500) null, add \`sessions_valid_after\` datetime null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`user_session\`;`);

    this.addSql(
      `alter table \`app_user\` drop column \`disabled_at\`, drop column \`disabled_reason\`, drop column \`sessions_valid_after\`;`,
    );

    this.addSql(`alter table \`refresh_token\` drop index \`refresh_token_session_id_index\`;`);
    this.addSql(`alter table \`refresh_token\` drop column \`session_id\`;`);
  }
}
