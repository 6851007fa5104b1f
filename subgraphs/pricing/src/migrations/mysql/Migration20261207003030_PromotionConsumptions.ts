import { Migration } from '@mikro-orm/migrations';

export class Migration20261207003030_PromotionConsumptions extends Migration {
  override name = 'Migration20261207003030_PromotionConsumptions';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`promotion_consumption\` (\`id\` varchar(60) not null, \`idempotency_key\` varchar(100) not null, \`dealer_id\` varchar(40) not null, \`order_id\` varchar(60) null, \`status\` enum('CONSUMED','RELEASED') not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`promotion_consumption\` add unique \`promotion_consumption_idempotency_key_unique\` (\`idempotency_key\`);`,
    );
    this.addSql(
      `alter table \`promotion_consumption\` add index \`promotion_consumption_status_created_at_id_index\` (\`status\`, \`created_at\`, \`id\`);`,
    );
    // Backfill (hand-written): one row per key consumed before this table existed, CONSUMED while a redemption counts.
    this.addSql(
      `insert into \`promotion_consumption\` (\`id\`, \`idempotency_key\`, \`dealer_id\`, \`order_id\`, \`status\`, \`created_at\`, \`updated_at\`)` +
        ` select concat('prc_', substring(min(\`id\`), 5)), \`idempotency_key\`, min(\`dealer_id\`), min(\`order_id\`),` +
        ` case when sum(\`released_at\` is null) > 0 then 'CONSUMED' else 'RELEASED' end, min(\`created_at\`), coalesce(max(\`released_at\`), min(\`created_at\`))` +
        ` from \`promotion_redemption\` group by \`idempotency_key\`;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`promotion_consumption\`;`);
  }
}
