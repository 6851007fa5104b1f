import { Migration } from '@mikro-orm/migrations';

export class Migration20261207091838_OrderingBlockScan extends Migration {
  override name = 'Migration20261207091838_OrderingBlockScan';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`ordering_block_scan\` (\`name\` varchar(40) not null, \`scanned_through\` varchar(10) null, \`scanned_at\` datetime null, primary key (\`name\`)) default character set utf8mb4 engine = InnoDB;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`ordering_block_scan\`;`);
  }
}
