import { Migration } from '@mikro-orm/migrations';

export class Migration20261207221810_OrderRebate extends Migration {
  override name = 'Migration20261207221810_OrderRebate';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`sales_order\` add \`rebate_minor\` int not null default 0;`);

    this.addSql(
      `alter table \`order_saga\` modify \`step\` enum('STARTED','ELIGIBLE','PRICED','PROMOTIONS_CONSUMED','REBATE_HELD','RESERVED','CREDIT_HELD','COMPLETED','COMPENSATING','COMPENSATED') not null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table \`order_saga\` modify \`step\` enum('STARTED','ELIGIBLE','PRICED','PROMOTIONS_CONSUMED','RESERVED','CREDIT_HELD','COMPLETED','COMPENSATING','COMPENSATED') not null;`,
    );

    this.addSql(`alter table \`sales_order\` drop column \`rebate_minor\`;`);
  }
}
