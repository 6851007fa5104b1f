import { Migration } from '@mikro-orm/migrations';

export class Migration20261207130348_SellerKey extends Migration {
  override name = 'Migration20261207130348_SellerKey';

  override up(): void | Promise<void> {
    this.addSql(`drop index \`credit_account_dealer_id_unique\`;`);
    this.addSql(`alter table \`credit_account\` add column \`seller_key\` text not null default 'BRAND';`);
    this.addSql(`create index \`credit_account_dealer_id_index\` on \`credit_account\` (\`dealer_id\`);`);
    this.addSql(
      `create unique index \`credit_account_seller_key_dealer_id_unique\` on \`credit_account\` (\`seller_key\`, \`dealer_id\`);`,
    );

    this.addSql(`alter table \`credit_hold\` add column \`seller_key\` text not null default 'BRAND';`);

    this.addSql(`alter table \`credit_note\` add column \`seller_key\` text not null default 'BRAND';`);

    this.addSql(`alter table \`invoice\` add column \`seller_key\` text not null default 'BRAND';`);

    this.addSql(`alter table \`payment\` add column \`seller_key\` text not null default 'BRAND';`);

    this.addSql(`drop index \`statement_dealer_id_period_unique\`;`);
    this.addSql(`alter table \`statement\` add column \`seller_key\` text not null default 'BRAND';`);
    this.addSql(
      `create unique index \`statement_seller_key_dealer_id_period_unique\` on \`statement\` (\`seller_key\`, \`dealer_id\`, \`period\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index \`credit_account_dealer_id_index\`;`);
    this.addSql(`drop index \`credit_account_seller_key_dealer_id_unique\`;`);
    this.addSql(`alter table \`credit_account\` drop column \`seller_key\`;`);
    this.addSql(`create unique index \`credit_account_dealer_id_unique\` on \`credit_account\` (\`dealer_id\`);`);

    this.addSql(`alter table \`credit_hold\` drop column \`seller_key\`;`);

    this.addSql(`alter table \`credit_note\` drop column \`seller_key\`;`);

    this.addSql(`alter table \`invoice\` drop column \`seller_key\`;`);

    this.addSql(`alter table \`payment\` drop column \`seller_key\`;`);

    this.addSql(`drop index \`statement_seller_key_dealer_id_period_unique\`;`);
    this.addSql(`alter table \`statement\` drop column \`seller_key\`;`);
    this.addSql(
      `create unique index \`statement_dealer_id_period_unique\` on \`statement\` (\`dealer_id\`, \`period\`);`,
    );
  }
}
