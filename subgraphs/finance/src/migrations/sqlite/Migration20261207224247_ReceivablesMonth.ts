import { Migration } from '@mikro-orm/migrations';

export class Migration20261207224247_ReceivablesMonth extends Migration {
  override name = 'Migration20261207224247_ReceivablesMonth';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`receivables_month\` (\`month\` text not null, \`dealer_id\` text not null, \`dealer_region_path\` text not null, \`open_minor\` bigint not null, \`overdue_minor\` bigint not null, \`over90_minor\` bigint not null, \`unapplied_minor\` bigint not null, primary key (\`month\`, \`dealer_id\`));`,
    );

    this.addSql(
      `create table \`receivables_snapshot\` (\`month\` text not null primary key, \`taken_at\` datetime not null, \`dealers\` integer not null);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`receivables_month\`;`);
    this.addSql(`drop table if exists \`receivables_snapshot\`;`);
  }
}
