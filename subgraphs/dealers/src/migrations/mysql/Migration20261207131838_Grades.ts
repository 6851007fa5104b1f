import { Migration } from '@mikro-orm/migrations';

export class Migration20261207131838_Grades extends Migration {
  override name = 'Migration20261207131838_Grades';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`dealer_grade_change\` (\`id\` varchar(40) not null, \`dealer_id\` varchar(40) not null, \`from_grade\` enum('A','B','C','D') not null, \`to_grade\` enum('A','B','C','D') not null, \`source\` varchar(10) not null, \`proposal_id\` varchar(40) null, \`actor_name\` varchar(120) not null, \`reason\` varchar(500) null, \`at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`dealer_grade_change\` add index \`dealer_grade_change_dealer_id_at_index\` (\`dealer_id\`, \`at\`);`,
    );

    this.addSql(
      `create table \`grade_evaluation\` (\`period\` varchar(7) not null, \`status\` varchar(8) not null, \`lease_until\` datetime not null, \`dealers\` int not null default 0, \`proposals\` int not null default 0, \`started_at\` datetime not null, \`finished_at\` datetime null, primary key (\`period\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`grade_proposal\` (\`id\` varchar(40) not null, \`period\` varchar(7) not null, \`dealer_id\` varchar(40) not null, \`region_path\` varchar(400) not null, \`current_grade\` enum('A','B','C','D') not null, \`proposed_grade\` enum('A','B','C','D') not null, \`direction\` varchar(4) not null, \`purchases_minor\` bigint not null, \`window_from\` varchar(10) not null, \`window_to\` varchar(10) not null, \`status\` enum('PROPOSED','APPROVED','REJECTED','STALE') not null, \`decided_by\` varchar(40) null, \`decided_by_name\` varchar(120) null, \`decided_at\` datetime null, \`comment\` varchar(500) null, \`created_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`grade_proposal\` add index \`grade_proposal_dealer_id_index\` (\`dealer_id\`);`);
    this.addSql(
      `alter table \`grade_proposal\` add index \`grade_proposal_status_region_path_index\` (\`status\`, \`region_path\`);`,
    );
    this.addSql(
      `alter table \`grade_proposal\` add unique \`grade_proposal_period_dealer_id_unique\` (\`period\`, \`dealer_id\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`dealer_grade_change\`;`);
    this.addSql(`drop table if exists \`grade_evaluation\`;`);
    this.addSql(`drop table if exists \`grade_proposal\`;`);
  }
}
