import { Migration } from '@mikro-orm/migrations';

export class Migration20261207042814_TaxClass extends Migration {
  override name = 'Migration20261207042814_TaxClass';

  override up(): void | Promise<void> {
    // Added in place: the generator's table rebuild copied NULL into the new NOT NULL column,
    // which fails on a database that already has products.
    this.addSql(
      `alter table \`product\` add column \`tax_class\` text check (\`tax_class\` in ('STANDARD', 'REDUCED', 'ZERO')) not null default 'STANDARD';`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`product\` drop column \`tax_class\`;`);
  }
}
