import { Migration } from '@mikro-orm/migrations';

export class Migration20261207003027_PromotionConsumptions extends Migration {
  override name = 'Migration20261207003027_PromotionConsumptions';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`promotion_consumption\` (\`id\` text not null primary key, \`idempotency_key\` text not null, \`dealer_id\` text not null, \`order_id\` text null, \`status\` text check (\`status\` in ('CONSUMED', 'RELEASED')) not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(
      `create unique index \`promotion_consumption_idempotency_key_unique\` on \`promotion_consumption\` (\`idempotency_key\`);`,
    );
    this.addSql(
      `create index \`promotion_consumption_status_created_at_id_index\` on \`promotion_consumption\` (\`status\`, \`created_at\`, \`id\`);`,
    );
    // Backfill (hand-written): one row per key consumed before this table existed, CONSUMED while a redemption counts.
    this.addSql(
      `insert into \`promotion_consumption\` (\`id\`, \`idempotency_key\`, \`dealer_id\`, \`order_id\`, \`status\`, \`created_at\`, \`updated_at\`)` +
        ` select 'prc_' || substr(min(\`id\`), 5), \`idempotency_key\`, min(\`dealer_id\`), min(\`order_id\`),` +
        ` case when sum(\`released_at\` is null) > 0 then 'CONSUMED' else 'RELEASED' end, min(\`created_at\`), coalesce(max(\`released_at\`), min(\`created_at\`))` +
        ` from \`promotion_redemption\` group by \`idempotency_key\`;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`promotion_consumption\`;`);
  }
}
