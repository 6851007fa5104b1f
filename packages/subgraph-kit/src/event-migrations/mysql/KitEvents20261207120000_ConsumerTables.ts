import { Migration } from '@mikro-orm/migrations';

export class KitEvents20261207120000_ConsumerTables extends Migration {
  override name = 'KitEvents20261207120000_ConsumerTables';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`event_consumer_position\` (\`consumer\` varchar(80) not null, \`position\` varchar(400) not null, \`updated_at\` datetime not null, primary key (\`consumer\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `create table \`consumer_dead_letter\` (\`consumer\` varchar(80) not null, \`event_id\` varchar(40) not null, \`type\` varchar(80) not null, \`source\` varchar(40) not null, \`event\` json not null, \`error\` varchar(2000) not null, \`attempts\` int not null, \`failed_at\` datetime not null, primary key (\`consumer\`, \`event_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`event_consumer_position\`;`);
    this.addSql(`drop table if exists \`consumer_dead_letter\`;`);
  }
}
