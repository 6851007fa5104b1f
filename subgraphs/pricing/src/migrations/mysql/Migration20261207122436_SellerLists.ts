import { Migration } from '@mikro-orm/migrations';

export class Migration20261207122436_SellerLists extends Migration {
  override name = 'Migration20261207122436_SellerLists';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table \`price_list\` add \`kind\` enum('SALE','FLOOR') not null default 'SALE', add \`seller_dealer_id\` varchar(40) null;`,
    );
    this.addSql(`alter table \`price_list\` add index \`price_list_seller_dealer_id_index\` (\`seller_dealer_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`price_list\` drop index \`price_list_seller_dealer_id_index\`;`);
    this.addSql(`alter table \`price_list\` drop column \`kind\`, drop column \`seller_dealer_id\`;`);
  }
}
