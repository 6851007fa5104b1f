import { Migration } from '@mikro-orm/migrations';

export class KitEvents20261122023929_RelayState extends Migration {
  override name = 'KitEvents20261122023929_RelayState';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`outbox_relay_state\` (\`id\` integer not null primary key, \`last_position\` integer not null);`,
    );
    // The one row relays lock to take turns, starting after any position already handed out.
    this.addSql(
      `insert into \`outbox_relay_state\` (\`id\`, \`last_position\`) select 1, coalesce(max(\`position\`), 0) from \`outbox_events\`;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`outbox_relay_state\`;`);
  }
}
