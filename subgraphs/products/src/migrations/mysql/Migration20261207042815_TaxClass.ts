import { Migration } from '@mikro-orm/migrations';

export class Migration20261207042815_TaxClass extends Migration {
  override name = 'Migration20261207042815_TaxClass';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table \`product\` add \`tax_class\` enum('STANDARD','REDUCED','ZERO') not null default 'STANDARD';`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`product\` drop column \`tax_class\`;`);
  }
}
