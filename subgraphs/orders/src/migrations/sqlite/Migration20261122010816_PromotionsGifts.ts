import { Migration } from '@mikro-orm/migrations';

export class Migration20261122010816_PromotionsGifts extends Migration {
  override name = 'Migration20261122010816_PromotionsGifts';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`sales_order\` add column \`applied_promotions\` text null;`);

    this.addSql(`alter table \`order_event\` add column \`message_code\` text null;`);
    this.addSql(`alter table \`order_event\` add column \`message_args\` text null;`);

    this.addSql(`alter table \`order_line\` add column \`line_subtotal_minor\` integer not null default 0;`);
    this.addSql(`alter table \`order_line\` add column \`discount_minor\` integer not null default 0;`);
    this.addSql(`alter table \`order_line\` add column \`is_gift\` integer not null default 0;`);
    this.addSql(`alter table \`order_line\` add column \`promotion_id\` text null;`);
    // Existing lines had no discounts: their subtotal is their total.
    this.addSql(`update \`order_line\` set \`line_subtotal_minor\` = \`line_total_minor\`;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`order_saga__temp_alter\` (\`order_id\` text not null primary key, \`dealer_id\` text not null, \`step\` text check (\`step\` in ('STARTED', 'ELIGIBLE', 'PRICED', 'PROMOTIONS_CONSUMED', 'RESERVED', 'CREDIT_HELD', 'COMPLETED', 'COMPENSATING', 'COMPENSATED')) not null, \`payload\` text not null, \`attempts\` integer not null, \`last_error\` text null, \`deadline_at\` datetime not null, \`lease_until\` datetime not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(
      `insert into \`order_saga__temp_alter\` select \`order_id\`, \`dealer_id\`, \`step\`, \`payload\`, \`attempts\`, \`last_error\`, \`deadline_at\`, \`lease_until\`, \`created_at\`, \`updated_at\` from \`order_saga\`;`,
    );
    this.addSql(`drop table \`order_saga\`;`);
    this.addSql(`alter table \`order_saga__temp_alter\` rename to \`order_saga\`;`);
    this.addSql(`create index \`order_saga_step_lease_until_index\` on \`order_saga\` (\`step\`, \`lease_until\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`order_event\` drop column \`message_code\`;`);
    this.addSql(`alter table \`order_event\` drop column \`message_args\`;`);

    this.addSql(`alter table \`order_line\` drop column \`line_subtotal_minor\`;`);
    this.addSql(`alter table \`order_line\` drop column \`discount_minor\`;`);
    this.addSql(`alter table \`order_line\` drop column \`is_gift\`;`);
    this.addSql(`alter table \`order_line\` drop column \`promotion_id\`;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`order_saga__temp_alter\` (\`order_id\` TEXT not null primary key, \`dealer_id\` TEXT not null, \`step\` TEXT check (\`step\` in ('STARTED', 'ELIGIBLE', 'PRICED', 'RESERVED', 'CREDIT_HELD', 'COMPLETED', 'COMPENSATING', 'COMPENSATED')) not null, \`payload\` TEXT not null, \`attempts\` INTEGER not null, \`last_error\` TEXT null, \`deadline_at\` datetime not null, \`lease_until\` datetime not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(
      `insert into \`order_saga__temp_alter\` select \`order_id\`, \`dealer_id\`, \`step\`, \`payload\`, \`attempts\`, \`last_error\`, \`deadline_at\`, \`lease_until\`, \`created_at\`, \`updated_at\` from \`order_saga\`;`,
    );
    this.addSql(`drop table \`order_saga\`;`);
    this.addSql(`alter table \`order_saga__temp_alter\` rename to \`order_saga\`;`);
    this.addSql(`create index \`order_saga_step_lease_until_index\` on \`order_saga\` (\`step\`, \`lease_until\`);`);
    this.addSql(`pragma foreign_keys = on;`);

    this.addSql(`alter table \`sales_order\` drop column \`applied_promotions\`;`);
  }
}
