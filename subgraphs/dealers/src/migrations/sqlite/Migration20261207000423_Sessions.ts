import { Migration } from '@mikro-orm/migrations';

export class Migration20261207000423_Sessions extends Migration {
  override name = 'Migration20261207000423_Sessions';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`user_session\` (\`id\` text not null primary key, \`user_id\` text not null, \`created_at\` datetime not null, \`revoked_at\` datetime null, \`revoked_reason\` text null);`,
    );
    this.addSql(`create index \`user_session_user_id_index\` on \`user_session\` (\`user_id\`);`);

    this.addSql(`alter table \`refresh_token\` add column \`session_id\` text null;`);
    this.addSql(`create index \`refresh_token_session_id_index\` on \`refresh_token\` (\`session_id\`);`);

    this.addSql(`alter table \`app_user\` add column \`disabled_at\` datetime null;`);
    this.addSql(`alter table \`app_user\` add column \`disabled_reason\` text null;`);
    this.addSql(`alter table \`app_user\` add column \`sessions_valid_after\` datetime null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`user_session\`;`);

    this.addSql(`alter table \`app_user\` drop column \`disabled_at\`;`);
    this.addSql(`alter table \`app_user\` drop column \`disabled_reason\`;`);
    this.addSql(`alter table \`app_user\` drop column \`sessions_valid_after\`;`);

    this.addSql(`drop index \`refresh_token_session_id_index\`;`);
    this.addSql(`alter table \`refresh_token\` drop column \`session_id\`;`);
  }
}
