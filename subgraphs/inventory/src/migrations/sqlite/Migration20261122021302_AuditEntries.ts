import { Migration } from '@mikro-orm/migrations';

export class Migration20261122021302_AuditEntries extends Migration {
  override name = 'Migration20261122021302_AuditEntries';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`audit_entry\` (\`id\` text not null primary key, \`at\` datetime not null, \`actor_id\` text not null, \`actor_role\` text not null, \`actor_dealer_id\` text null, \`actor_name\` text null, \`operation\` text not null, \`action\` text not null, \`entity_type\` text not null, \`entity_id\` text not null, \`before\` text null, \`after\` text null, \`request_id\` text null);`,
    );
    this.addSql(`create index \`audit_entry_at_index\` on \`audit_entry\` (\`at\`);`);
    this.addSql(`create index \`audit_entry_actor_id_index\` on \`audit_entry\` (\`actor_id\`);`);
    this.addSql(
      `create index \`audit_entry_entity_type_entity_id_index\` on \`audit_entry\` (\`entity_type\`, \`entity_id\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`audit_entry\`;`);
  }
}
