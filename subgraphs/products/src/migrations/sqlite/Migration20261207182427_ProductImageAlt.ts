import { Migration } from '@mikro-orm/migrations';

export class Migration20261207182427_ProductImageAlt extends Migration {
  override name = 'Migration20261207182427_ProductImageAlt';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`product_image\` add column \`alt\` text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`product_image\` drop column \`alt\`;`);
  }
}
