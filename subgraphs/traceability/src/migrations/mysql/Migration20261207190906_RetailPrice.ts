import { Migration } from '@mikro-orm/migrations';

export class Migration20261207190906_RetailPrice extends Migration {
  override name = 'Migration20261207190906_RetailPrice';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`trace_event\` add \`retail_price_minor\` int null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`trace_event\` drop column \`retail_price_minor\`;`);
  }
}
