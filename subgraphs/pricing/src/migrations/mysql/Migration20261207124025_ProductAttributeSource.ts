import { Migration } from '@mikro-orm/migrations';

export class Migration20261207124025_ProductAttributeSource extends Migration {
  override name = 'Migration20261207124025_ProductAttributeSource';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table \`product_attributes\` add \`sku\` varchar(32) null, add \`status\` varchar(16) not null default 'ACTIVE', add \`source_version\` int not null default 0, add \`updated_at\` datetime null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table \`product_attributes\` drop column \`sku\`, drop column \`status\`, drop column \`source_version\`, drop column \`updated_at\`;`,
    );
  }
}
