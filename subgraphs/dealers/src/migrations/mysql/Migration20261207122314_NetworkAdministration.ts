import { Migration } from '@mikro-orm/migrations';

export class Migration20261207122314_NetworkAdministration extends Migration {
  override name = 'Migration20261207122314_NetworkAdministration';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`dealer_status_change\` (\`id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`from_status\` enum('APPLICANT','UNDER_REVIEW','ACTIVE','SUSPENDED','TERMINATED') not null, \`to_status\` enum('APPLICANT','UNDER_REVIEW','ACTIVE','SUSPENDED','TERMINATED') not null, \`reason\` varchar(500) not null, \`actor_user_id\` varchar(40) not null, \`actor_name\` varchar(120) not null, \`at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`dealer_status_change\` add index \`dealer_status_change_dealer_id_at_index\` (\`dealer_id\`, \`at\`);`,
    );

    this.addSql(
      `alter table \`qualification\` add \`status\` enum('ACTIVE','PENDING_REVIEW','REJECTED','SUPERSEDED') not null default 'ACTIVE', add \`required\` tinyint(1) not null default false, add \`blob_key\` varchar(200) null, add \`content_type\` varchar(100) null, add \`replaces_id\` varchar(40) null, add \`submitted_by_user_id\` varchar(40) null, add \`submitted_at\` datetime null, add \`reviewed_by_user_id\` varchar(40) null, add \`reviewed_at\` datetime null, add \`review_comment\` varchar(500) null;`,
    );
    // Existing licences are in force; a business licence is required of every dealer.
    this.addSql(`update \`qualification\` set \`required\` = true where \`kind\` = 'BUSINESS_LICENSE';`);
    this.addSql(`alter table \`qualification\` add index \`qualification_replaces_id_index\` (\`replaces_id\`);`);
    this.addSql(
      `alter table \`qualification\` add index \`qualification_status_valid_until_index\` (\`status\`, \`valid_until\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`dealer_status_change\`;`);

    this.addSql(`alter table \`qualification\` drop index \`qualification_replaces_id_index\`;`);
    this.addSql(`alter table \`qualification\` drop index \`qualification_status_valid_until_index\`;`);
    this.addSql(
      `alter table \`qualification\` drop column \`status\`, drop column \`required\`, drop column \`blob_key\`, drop column \`content_type\`, drop column \`replaces_id\`, drop column \`submitted_by_user_id\`, drop column \`submitted_at\`, drop column \`reviewed_by_user_id\`, drop column \`reviewed_at\`, drop column \`review_comment\`;`,
    );
  }
}
