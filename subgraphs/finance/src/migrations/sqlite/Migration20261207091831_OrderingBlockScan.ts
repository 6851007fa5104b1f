import { Migration } from '@mikro-orm/migrations';

export class Migration20261207091831_OrderingBlockScan extends Migration {
  override name = 'Migration20261207091831_OrderingBlockScan';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`ordering_block_scan\` (\`name\` text not null primary key, \`scanned_through\` text null, \`scanned_at\` datetime null);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`ordering_block_scan\`;`);
  }
}
