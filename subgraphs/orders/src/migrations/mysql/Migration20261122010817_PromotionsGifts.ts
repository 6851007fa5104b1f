import { Migration } from '@mikro-orm/migrations';

export class Migration20261122010817_PromotionsGifts extends Migration {
  override name = 'Migration20261122010817_PromotionsGifts';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`sales_order\` add \`applied_promotions\` text null;`);

    this.addSql(`alter table \`order_event\` add \`message_code\` varchar(60) null, add \`message_args\` text null;`);

    this.addSql(
      `alter table \`order_line\` add \`line_subtotal_minor\` int not null default 0, add \`discount_minor\` int not null default 0, add \`is_gift\` tinyint(1) not null default false, add \`promotion_id\` varchar(40) null;`,
    );
    // Existing lines had no discounts: their subtotal is their total.
    this.addSql(`update \`order_line\` set \`line_subtotal_minor\` = \`line_total_minor\`;`);

    this.addSql(
      `alter table \`order_saga\` modify \`step\` enum('STARTED','ELIGIBLE','PRICED','PROMOTIONS_CONSUMED','RESERVED','CREDIT_HELD','COMPLETED','COMPENSATING','COMPENSATED') not null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`order_event\` drop column \`message_code\`, drop column \`message_args\`;`);

    this.addSql(
      `alter table \`order_line\` drop column \`line_subtotal_minor\`, drop column \`discount_minor\`, drop column \`is_gift\`, drop column \`promotion_id\`;`,
    );

    this.addSql(
      `alter table \`order_saga\` modify \`step\` enum('STARTED','ELIGIBLE','PRICED','RESERVED','CREDIT_HELD','COMPLETED','COMPENSATING','COMPENSATED') not null;`,
    );

    this.addSql(`alter table \`sales_order\` drop column \`applied_promotions\`;`);
  }
}
