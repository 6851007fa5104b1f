import { Migration } from '@mikro-orm/migrations';

export class Migration20261207131832_Grades extends Migration {
  override name = 'Migration20261207131832_Grades';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`dealer_grade_change\` (\`id\` text not null primary key, \`dealer_id\` text not null, \`from_grade\` text check (\`from_grade\` in ('A', 'B', 'C', 'D')) not null, \`to_grade\` text check (\`to_grade\` in ('A', 'B', 'C', 'D')) not null, \`source\` text not null, \`proposal_id\` text null, \`actor_name\` text not null, \`reason\` text null, \`at\` datetime not null);`,
    );
    this.addSql(
      `create index \`dealer_grade_change_dealer_id_at_index\` on \`dealer_grade_change\` (\`dealer_id\`, \`at\`);`,
    );

    this.addSql(
      `create table \`grade_evaluation\` (\`period\` text not null primary key, \`status\` text not null, \`lease_until\` datetime not null, \`dealers\` integer not null default 0, \`proposals\` integer not null default 0, \`started_at\` datetime not null, \`finished_at\` datetime null);`,
    );

    this.addSql(
      `create table \`grade_proposal\` (\`id\` text not null primary key, \`period\` text not null, \`dealer_id\` text not null, \`region_path\` text not null, \`current_grade\` text check (\`current_grade\` in ('A', 'B', 'C', 'D')) not null, \`proposed_grade\` text check (\`proposed_grade\` in ('A', 'B', 'C', 'D')) not null, \`direction\` text not null, \`purchases_minor\` bigint not null, \`window_from\` text not null, \`window_to\` text not null, \`status\` text check (\`status\` in ('PROPOSED', 'APPROVED', 'REJECTED', 'STALE')) not null, \`decided_by\` text null, \`decided_by_name\` text null, \`decided_at\` datetime null, \`comment\` text null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create index \`grade_proposal_dealer_id_index\` on \`grade_proposal\` (\`dealer_id\`);`);
    this.addSql(
      `create index \`grade_proposal_status_region_path_index\` on \`grade_proposal\` (\`status\`, \`region_path\`);`,
    );
    this.addSql(
      `create unique index \`grade_proposal_period_dealer_id_unique\` on \`grade_proposal\` (\`period\`, \`dealer_id\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`dealer_grade_change\`;`);
    this.addSql(`drop table if exists \`grade_evaluation\`;`);
    this.addSql(`drop table if exists \`grade_proposal\`;`);
  }
}
