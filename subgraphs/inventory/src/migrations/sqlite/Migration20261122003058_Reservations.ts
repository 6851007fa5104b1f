import { Migration } from '@mikro-orm/migrations';

export class Migration20261122003058_Reservations extends Migration {
  override name = 'Migration20261122003058_Reservations';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`reservation\` (\`id\` text not null primary key, \`key\` text not null, \`dealer_id\` text not null, \`status\` text check (\`status\` in ('ACTIVE', 'RELEASED', 'COMMITTED')) not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`reservation_key_unique\` on \`reservation\` (\`key\`);`);
    this.addSql(`create index \`reservation_status_id_index\` on \`reservation\` (\`status\`, \`id\`);`);
    this.addSql(`create index \`reservation_dealer_id_id_index\` on \`reservation\` (\`dealer_id\`, \`id\`);`);

    this.addSql(
      `create table \`reservation_line\` (\`id\` text not null primary key, \`reservation_id\` text not null, \`product_id\` text not null, \`warehouse_id\` text not null, \`lot_id\` text null, \`quantity\` integer not null);`,
    );
    this.addSql(`create index \`reservation_line_reservation_id_index\` on \`reservation_line\` (\`reservation_id\`);`);

    this.addSql(`alter table \`lot\` add column \`reserved\` integer not null default 0;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`reservation\`;`);
    this.addSql(`drop table if exists \`reservation_line\`;`);

    this.addSql(`alter table \`lot\` drop column \`reserved\`;`);
  }
}
