import { Migration } from '@mikro-orm/migrations';

export class Migration20261122003456_SalesRegions extends Migration {
  override name = 'Migration20261122003456_SalesRegions';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`product\` add \`sales_regions\` varchar(400) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`product\` drop column \`sales_regions\`;`);
  }
}
