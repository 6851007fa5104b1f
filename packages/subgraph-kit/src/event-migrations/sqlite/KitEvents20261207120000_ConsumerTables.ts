import { Migration } from '@mikro-orm/migrations';

export class KitEvents20261207120000_ConsumerTables extends Migration {
  override name = 'KitEvents20261207120000_ConsumerTables';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`event_consumer_position\` (\`consumer\` text not null, \`position\` text not null, \`updated_at\` datetime not null, primary key (\`consumer\`));`,
    );
    this.addSql(
      `create table \`consumer_dead_letter\` (\`consumer\` text not null, \`event_id\` text not null, \`type\` text not null, \`source\` text not null, \`event\` json not null, \`error\` text not null, \`attempts\` integer not null, \`failed_at\` datetime not null, primary key (\`consumer\`, \`event_id\`));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`event_consumer_position\`;`);
    this.addSql(`drop table if exists \`consumer_dead_letter\`;`);
  }
}
