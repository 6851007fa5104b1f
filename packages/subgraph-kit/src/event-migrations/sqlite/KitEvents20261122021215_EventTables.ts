import { Migration } from '@mikro-orm/migrations';

export class KitEvents20261122021215_EventTables extends Migration {
  override name = 'KitEvents20261122021215_EventTables';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`outbox_events\` (\`seq\` integer not null primary key autoincrement, \`event_id\` text not null, \`type\` text not null, \`source\` text not null, \`occurred_at\` datetime not null, \`subject_id\` text not null, \`scope\` json not null, \`payload\` json not null, \`published_at\` datetime null, \`position\` integer null);`,
    );
    this.addSql(`create unique index \`outbox_events_event_id_unique\` on \`outbox_events\` (\`event_id\`);`);
    this.addSql(`create unique index \`outbox_events_position_unique\` on \`outbox_events\` (\`position\`);`);
    this.addSql(
      `create index \`outbox_events_published_at_seq_index\` on \`outbox_events\` (\`published_at\`, \`seq\`);`,
    );

    this.addSql(
      `create table \`processed_events\` (\`consumer\` text not null, \`event_id\` text not null, \`processed_at\` datetime not null, primary key (\`consumer\`, \`event_id\`));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`outbox_events\`;`);
    this.addSql(`drop table if exists \`processed_events\`;`);
  }
}
