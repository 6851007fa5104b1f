import { Migration } from '@mikro-orm/migrations';

export class Migration20261207122209_Invitations extends Migration {
  override name = 'Migration20261207122209_Invitations';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`user_invitation\` (\`id\` text not null primary key, \`user_id\` text not null, \`kind\` text check (\`kind\` in ('INVITE', 'PASSWORD_RESET')) not null, \`token_sha256\` text not null, \`expires_at\` datetime not null, \`used_at\` datetime null, \`created_by_user_id\` text null, \`created_at\` datetime not null);`,
    );
    this.addSql(
      `create unique index \`user_invitation_token_sha256_unique\` on \`user_invitation\` (\`token_sha256\`);`,
    );
    this.addSql(
      `create index \`user_invitation_user_id_used_at_index\` on \`user_invitation\` (\`user_id\`, \`used_at\`);`,
    );

    this.addSql(`alter table \`app_user\` add column \`invited_at\` datetime null;`);
    this.addSql(`alter table \`app_user\` add column \`password_set_at\` datetime null;`);
    this.addSql(`alter table \`app_user\` add column \`role_changed_at\` datetime null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`user_invitation\`;`);

    this.addSql(`alter table \`app_user\` drop column \`invited_at\`;`);
    this.addSql(`alter table \`app_user\` drop column \`password_set_at\`;`);
    this.addSql(`alter table \`app_user\` drop column \`role_changed_at\`;`);
  }
}
