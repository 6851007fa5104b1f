import { Migration } from '@mikro-orm/migrations';

export class Migration20261122003455_SalesRegions extends Migration {
  override name = 'Migration20261122003455_SalesRegions';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`product\` add column \`sales_regions\` text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`product\` drop column \`sales_regions\`;`);
  }
}
