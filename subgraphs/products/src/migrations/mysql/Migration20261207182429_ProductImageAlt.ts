import { Migration } from '@mikro-orm/migrations';

export class Migration20261207182429_ProductImageAlt extends Migration {
  override name = 'Migration20261207182429_ProductImageAlt';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`product_image\` add \`alt\` varchar(200) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`product_image\` drop column \`alt\`;`);
  }
}
