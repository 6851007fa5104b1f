import { Migration } from '@mikro-orm/migrations';

export class Migration20261207122210_Invitations extends Migration {
  override name = 'Migration20261207122210_Invitations';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`user_invitation\` (\`id\` varchar(40) not null, \`user_id\` varchar(40) not null, \`kind\` enum('INVITE','PASSWORD_RESET') not null, \`token_sha256\` varchar(64) not null, \`expires_at\` datetime not null, \`used_at\` datetime null, \`created_by_user_id\` varchar(40) null, \`created_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`user_invitation\` add unique \`user_invitation_token_sha256_unique\` (\`token_sha256\`);`,
    );
    this.addSql(
      `alter table \`user_invitation\` add index \`user_invitation_user_id_used_at_index\` (\`user_id\`, \`used_at\`);`,
    );

    this.addSql(
      `alter table \`app_user\` add \`invited_at\` datetime null, add \`password_set_at\` datetime null, add \`role_changed_at\` datetime null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`user_invitation\`;`);

    this.addSql(
      `alter table \`app_user\` drop column \`invited_at\`, drop column \`password_set_at\`, drop column \`role_changed_at\`;`,
    );
  }
}
