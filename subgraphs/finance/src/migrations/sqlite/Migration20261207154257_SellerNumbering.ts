import { Migration } from '@mikro-orm/migrations';

export class Migration20261207154257_SellerNumbering extends Migration {
  override name = 'Migration20261207154257_SellerNumbering';

  override up(): void | Promise<void> {
    this.addSql(`drop index \`credit_note_year_seq_unique\`;`);
    this.addSql(
      `create unique index \`credit_note_seller_key_year_seq_unique\` on \`credit_note\` (\`seller_key\`, \`year\`, \`seq\`);`,
    );

    this.addSql(`drop index \`invoice_year_seq_unique\`;`);
    this.addSql(
      `create unique index \`invoice_seller_key_year_seq_unique\` on \`invoice\` (\`seller_key\`, \`year\`, \`seq\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index \`credit_note_seller_key_year_seq_unique\`;`);
    this.addSql(`create unique index \`credit_note_year_seq_unique\` on \`credit_note\` (\`year\`, \`seq\`);`);

    this.addSql(`drop index \`invoice_seller_key_year_seq_unique\`;`);
    this.addSql(`create unique index \`invoice_year_seq_unique\` on \`invoice\` (\`year\`, \`seq\`);`);
  }
}
