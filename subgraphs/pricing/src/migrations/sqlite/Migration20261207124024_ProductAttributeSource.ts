import { Migration } from '@mikro-orm/migrations';

export class Migration20261207124024_ProductAttributeSource extends Migration {
  override name = 'Migration20261207124024_ProductAttributeSource';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`product_attributes\` add column \`sku\` text null;`);
    this.addSql(`alter table \`product_attributes\` add column \`status\` text not null default 'ACTIVE';`);
    this.addSql(`alter table \`product_attributes\` add column \`source_version\` integer not null default 0;`);
    this.addSql(`alter table \`product_attributes\` add column \`updated_at\` datetime null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`product_attributes\` drop column \`sku\`;`);
    this.addSql(`alter table \`product_attributes\` drop column \`status\`;`);
    this.addSql(`alter table \`product_attributes\` drop column \`source_version\`;`);
    this.addSql(`alter table \`product_attributes\` drop column \`updated_at\`;`);
  }
}
