import { Migration } from '@mikro-orm/migrations';

export class Migration20261207154303_SellerNumbering extends Migration {
  override name = 'Migration20261207154303_SellerNumbering';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`credit_note\` drop index \`credit_note_year_seq_unique\`;`);
    this.addSql(
      `alter table \`credit_note\` add unique \`credit_note_seller_key_year_seq_unique\` (\`seller_key\`, \`year\`, \`seq\`);`,
    );

    this.addSql(`alter table \`invoice\` drop index \`invoice_year_seq_unique\`;`);
    this.addSql(
      `alter table \`invoice\` add unique \`invoice_seller_key_year_seq_unique\` (\`seller_key\`, \`year\`, \`seq\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`credit_note\` drop index \`credit_note_seller_key_year_seq_unique\`;`);
    this.addSql(`alter table \`credit_note\` add unique \`credit_note_year_seq_unique\` (\`year\`, \`seq\`);`);

    this.addSql(`alter table \`invoice\` drop index \`invoice_seller_key_year_seq_unique\`;`);
    this.addSql(`alter table \`invoice\` add unique \`invoice_year_seq_unique\` (\`year\`, \`seq\`);`);
  }
}
