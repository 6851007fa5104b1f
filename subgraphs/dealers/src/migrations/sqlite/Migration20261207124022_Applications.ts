import { Migration } from '@mikro-orm/migrations';

export class Migration20261207124022_Applications extends Migration {
  override name = 'Migration20261207124022_Applications';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`application_document\` (\`id\` text not null primary key, \`application_id\` text not null, \`kind\` text check (\`kind\` in ('BUSINESS_LICENSE', 'FOOD_DISTRIBUTION_LICENSE', 'GSP_CERTIFICATE')) not null, \`number\` text not null, \`issuer\` text not null, \`valid_until\` text not null, \`upload_id\` text not null, \`blob_key\` text null, \`content_type\` text null, \`byte_size\` integer null);`,
    );
    this.addSql(
      `create index \`application_document_application_id_index\` on \`application_document\` (\`application_id\`);`,
    );

    this.addSql(
      `create table \`dealer_application\` (\`id\` text not null primary key, \`number\` text not null, \`status\` text check (\`status\` in ('SUBMITTED', 'REGION_APPROVED', 'APPROVED', 'REJECTED', 'WITHDRAWN')) not null, \`version\` integer not null default 1, \`company_name\` text not null, \`company_name_en\` text null, \`credit_code\` text not null, \`live_credit_code\` text null, \`legal_representative\` text not null, \`address\` text not null, \`level_applied\` text check (\`level_applied\` in ('NATIONAL_AGENT', 'PROVINCIAL_AGENT', 'REGIONAL_DEALER', 'RETAILER')) not null, \`region_id\` text not null, \`region_path\` text not null, \`parent_dealer_id\` text null, \`contact_name\` text not null, \`contact_phone\` text not null, \`contact_email\` text null, \`business_scope\` text not null, \`wants_warehouse\` integer not null, \`note\` text null, \`submitted_at\` datetime not null, \`submitter_ip_hash\` text null, \`region_reviewed_by\` text null, \`region_reviewed_at\` datetime null, \`region_review_comment\` text null, \`hq_reviewed_by\` text null, \`hq_reviewed_at\` datetime null, \`hq_review_comment\` text null, \`rejection_reason\` text null, \`dealer_id\` text null);`,
    );
    this.addSql(`create unique index \`dealer_application_number_unique\` on \`dealer_application\` (\`number\`);`);
    this.addSql(`create index \`dealer_application_credit_code_index\` on \`dealer_application\` (\`credit_code\`);`);
    this.addSql(
      `create unique index \`dealer_application_live_credit_code_unique\` on \`dealer_application\` (\`live_credit_code\`);`,
    );
    this.addSql(
      `create index \`dealer_application_status_region_path_submitted_at_index\` on \`dealer_application\` (\`status\`, \`region_path\`, \`submitted_at\`);`,
    );

    this.addSql(
      `create table \`document_counter\` (\`name\` text not null, \`year\` integer not null, \`last_number\` integer not null, primary key (\`name\`, \`year\`));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`application_document\`;`);
    this.addSql(`drop table if exists \`dealer_application\`;`);
    this.addSql(`drop table if exists \`document_counter\`;`);
  }
}
