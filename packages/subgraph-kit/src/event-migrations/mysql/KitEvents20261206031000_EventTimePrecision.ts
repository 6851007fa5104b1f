import { Migration } from '@mikro-orm/migrations';

export class KitEvents20261206031000_EventTimePrecision extends Migration {
  override name = 'KitEvents20261206031000_EventTimePrecision';

  override up(): void | Promise<void> {
    // Milliseconds, as on SQLite: an event's time to the second cannot order or time deliveries.
    this.addSql(
      `alter table \`outbox_events\` modify \`occurred_at\` datetime(3) not null, modify \`published_at\` datetime(3) null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table \`outbox_events\` modify \`occurred_at\` datetime not null, modify \`published_at\` datetime null;`,
    );
  }
}
