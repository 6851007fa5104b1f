import { Migration } from '@mikro-orm/migrations';

export class KitEvents20261122021215_EventTables extends Migration {
  override name = 'KitEvents20261122021215_EventTables';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`outbox_events\` (\`seq\` int unsigned not null auto_increment primary key, \`event_id\` varchar(40) not null, \`type\` varchar(80) not null, \`source\` varchar(40) not null, \`occurred_at\` datetime not null, \`subject_id\` varchar(80) not null, \`scope\` json not null, \`payload\` json not null, \`published_at\` datetime null, \`position\` int null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`outbox_events\` add unique \`outbox_events_event_id_unique\` (\`event_id\`);`);
    this.addSql(`alter table \`outbox_events\` add unique \`outbox_events_position_unique\` (\`position\`);`);
    this.addSql(
      `alter table \`outbox_events\` add index \`outbox_events_published_at_seq_index\` (\`published_at\`, \`seq\`);`,
    );

    this.addSql(
      `create table \`processed_events\` (\`consumer\` varchar(60) not null, \`event_id\` varchar(40) not null, \`processed_at\` datetime not null, primary key (\`consumer\`, \`event_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`outbox_events\`;`);
    this.addSql(`drop table if exists \`processed_events\`;`);
  }
}
