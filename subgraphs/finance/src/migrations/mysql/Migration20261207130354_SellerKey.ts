import { Migration } from '@mikro-orm/migrations';

export class Migration20261207130354_SellerKey extends Migration {
  override name = 'Migration20261207130354_SellerKey';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`credit_account\` drop index \`credit_account_dealer_id_unique\`;`);
    this.addSql(`alter table \`credit_account\` add \`seller_key\` varchar(40) not null default 'BRAND';`);
    this.addSql(`alter table \`credit_account\` add index \`credit_account_dealer_id_index\` (\`dealer_id\`);`);
    this.addSql(
      `alter table \`credit_account\` add unique \`credit_account_seller_key_dealer_id_unique\` (\`seller_key\`, \`dealer_id\`);`,
    );

    this.addSql(`alter table \`credit_hold\` add \`seller_key\` varchar(40) not null default 'BRAND';`);

    this.addSql(`alter table \`credit_note\` add \`seller_key\` varchar(40) not null default 'BRAND';`);

    this.addSql(`alter table \`invoice\` add \`seller_key\` varchar(40) not null default 'BRAND';`);

    this.addSql(`alter table \`payment\` add \`seller_key\` varchar(40) not null default 'BRAND';`);

    this.addSql(`alter table \`statement\` drop index \`statement_dealer_id_period_unique\`;`);
    this.addSql(`alter table \`statement\` add \`seller_key\` varchar(40) not null default 'BRAND';`);
    this.addSql(
      `alter table \`statement\` add unique \`statement_seller_key_dealer_id_period_unique\` (\`seller_key\`, \`dealer_id\`, \`period\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`credit_account\` drop index \`credit_account_dealer_id_index\`;`);
    this.addSql(`alter table \`credit_account\` drop index \`credit_account_seller_key_dealer_id_unique\`;`);
    this.addSql(`alter table \`credit_account\` drop column \`seller_key\`;`);
    this.addSql(`alter table \`credit_account\` add unique \`credit_account_dealer_id_unique\` (\`dealer_id\`);`);

    this.addSql(`alter table \`credit_hold\` drop column \`seller_key\`;`);

    this.addSql(`alter table \`credit_note\` drop column \`seller_key\`;`);

    this.addSql(`alter table \`invoice\` drop column \`seller_key\`;`);

    this.addSql(`alter table \`payment\` drop column \`seller_key\`;`);

    this.addSql(`alter table \`statement\` drop index \`statement_seller_key_dealer_id_period_unique\`;`);
    this.addSql(`alter table \`statement\` drop column \`seller_key\`;`);
    this.addSql(
      `alter table \`statement\` add unique \`statement_dealer_id_period_unique\` (\`dealer_id\`, \`period\`);`,
    );
  }
}
