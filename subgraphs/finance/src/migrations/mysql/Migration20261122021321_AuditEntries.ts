import { Migration } from '@mikro-orm/migrations';

export class Migration20261122021321_AuditEntries extends Migration {
  override name = 'Migration20261122021321_AuditEntries';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`audit_entry\` (\`id\` varchar(40) not null, \`at\` datetime not null, \`actor_id\` varchar(60) not null, \`actor_role\` varchar(20) not null, \`actor_dealer_id\` varchar(40) null, \`actor_name\` varchar(120) null, \`operation\` varchar(60) not null, \`action\` varchar(30) not null, \`entity_type\` varchar(60) not null, \`entity_id\` varchar(120) not null, \`before\` text null, \`after\` text null, \`request_id\` varchar(60) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`audit_entry\` add index \`audit_entry_at_index\` (\`at\`);`);
    this.addSql(`alter table \`audit_entry\` add index \`audit_entry_actor_id_index\` (\`actor_id\`);`);
    this.addSql(
      `alter table \`audit_entry\` add index \`audit_entry_entity_type_entity_id_index\` (\`entity_type\`, \`entity_id\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`audit_entry\`;`);
  }
}
