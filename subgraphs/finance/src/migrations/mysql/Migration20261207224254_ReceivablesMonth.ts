import { Migration } from '@mikro-orm/migrations';

export class Migration20261207224254_ReceivablesMonth extends Migration {
  override name = 'Migration20261207224254_ReceivablesMonth';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`receivables_month\` (\`month\` varchar(7) not null, \`dealer_id\` varchar(40) not null, \`dealer_region_path\` varchar(400) not null, \`open_minor\` bigint not null, \`overdue_minor\` bigint not null, \`over90_minor\` bigint not null, \`unapplied_minor\` bigint not null, primary key (\`month\`, \`dealer_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`receivables_snapshot\` (\`month\` varchar(7) not null, \`taken_at\` datetime not null, \`dealers\` int not null, primary key (\`month\`)) default character set utf8mb4 engine = InnoDB;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`receivables_month\`;`);
    this.addSql(`drop table if exists \`receivables_snapshot\`;`);
  }
}
