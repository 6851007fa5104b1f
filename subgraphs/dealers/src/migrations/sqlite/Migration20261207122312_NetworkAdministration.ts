import { Migration } from '@mikro-orm/migrations';

export class Migration20261207122312_NetworkAdministration extends Migration {
  override name = 'Migration20261207122312_NetworkAdministration';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`dealer_status_change\` (\`id\` text not null primary key, \`dealer_id\` text not null, \`from_status\` text check (\`from_status\` in ('APPLICANT', 'UNDER_REVIEW', 'ACTIVE', 'SUSPENDED', 'TERMINATED')) not null, \`to_status\` text check (\`to_status\` in ('APPLICANT', 'UNDER_REVIEW', 'ACTIVE', 'SUSPENDED', 'TERMINATED')) not null, \`reason\` text not null, \`actor_user_id\` text not null, \`actor_name\` text not null, \`at\` datetime not null);`,
    );
    this.addSql(
      `create index \`dealer_status_change_dealer_id_at_index\` on \`dealer_status_change\` (\`dealer_id\`, \`at\`);`,
    );

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`qualification__temp_alter\` (\`id\` text not null primary key, \`dealer_id\` text not null, \`kind\` text check (\`kind\` in ('BUSINESS_LICENSE', 'FOOD_DISTRIBUTION_LICENSE', 'GSP_CERTIFICATE')) not null, \`number\` text not null, \`issuer\` text not null, \`valid_until\` datetime not null, \`status\` text check (\`status\` in ('ACTIVE', 'PENDING_REVIEW', 'REJECTED', 'SUPERSEDED')) not null default 'ACTIVE', \`required\` integer not null default false, \`blob_key\` text null, \`content_type\` text null, \`replaces_id\` text null, \`submitted_by_user_id\` text null, \`submitted_at\` datetime null, \`reviewed_by_user_id\` text null, \`reviewed_at\` datetime null, \`review_comment\` text null);`,
    );
    this.addSql(
      `insert into \`qualification__temp_alter\` select \`id\`, \`dealer_id\`, \`kind\`, \`number\`, \`issuer\`, \`valid_until\`, 'ACTIVE' as \`status\`, case when \`kind\` = 'BUSINESS_LICENSE' then 1 else 0 end as \`required\`, null as \`blob_key\`, null as \`content_type\`, null as \`replaces_id\`, null as \`submitted_by_user_id\`, null as \`submitted_at\`, null as \`reviewed_by_user_id\`, null as \`reviewed_at\`, null as \`review_comment\` from \`qualification\`;`,
    );
    this.addSql(`drop table \`qualification\`;`);
    this.addSql(`alter table \`qualification__temp_alter\` rename to \`qualification\`;`);
    this.addSql(`create index \`qualification_dealer_id_index\` on \`qualification\` (\`dealer_id\`);`);
    this.addSql(`create index \`qualification_valid_until_index\` on \`qualification\` (\`valid_until\`);`);
    this.addSql(`create index \`qualification_replaces_id_index\` on \`qualification\` (\`replaces_id\`);`);
    this.addSql(
      `create index \`qualification_status_valid_until_index\` on \`qualification\` (\`status\`, \`valid_until\`);`,
    );
    this.addSql(`pragma foreign_keys = on;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`dealer_status_change\`;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`qualification__temp_alter\` (\`id\` TEXT not null primary key, \`dealer_id\` TEXT not null, \`kind\` TEXT check (\`kind\` in ('BUSINESS_LICENSE', 'FOOD_DISTRIBUTION_LICENSE', 'GSP_CERTIFICATE')) not null, \`number\` TEXT not null, \`issuer\` TEXT not null, \`valid_until\` datetime not null);`,
    );
    this.addSql(
      `insert into \`qualification__temp_alter\` select \`id\`, \`dealer_id\`, \`kind\`, \`number\`, \`issuer\`, \`valid_until\` from \`qualification\`;`,
    );
    this.addSql(`drop table \`qualification\`;`);
    this.addSql(`alter table \`qualification__temp_alter\` rename to \`qualification\`;`);
    this.addSql(`create index \`qualification_valid_until_index\` on \`qualification\` (\`valid_until\`);`);
    this.addSql(`create index \`qualification_dealer_id_index\` on \`qualification\` (\`dealer_id\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }
}
