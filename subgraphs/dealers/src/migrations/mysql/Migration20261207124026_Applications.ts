import { Migration } from '@mikro-orm/migrations';

export class Migration20261207124026_Applications extends Migration {
  override name = 'Migration20261207124026_Applications';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`application_document\` (\`id\` varchar(40) not null, \`application_id\` varchar(40) not null, \`kind\` enum('BUSINESS_LICENSE','FOOD_DISTRIBUTION_LICENSE','GSP_CERTIFICATE') not null, \`number\` varchar(64) not null, \`issuer\` varchar(120) not null, \`valid_until\` varchar(10) not null, \`upload_id\` varchar(40) not null, \`blob_key\` varchar(200) null, \`content_type\` varchar(100) null, \`byte_size\` int null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`application_document\` add index \`application_document_application_id_index\` (\`application_id\`);`,
    );

    this.addSql(
      `create table \`dealer_application\` (\`id\` varchar(40) not null, \`number\` varchar(20) not null, \`status\` enum('SUBMITTED','REGION_APPROVED','APPROVED','REJECTED','WITHDRAWN') not null, \`version\` int not null default 1, \`company_name\` varchar(200) not null, \`company_name_en\` varchar(200) null, \`credit_code\` varchar(18) not null, \`live_credit_code\` varchar(18) null, \`legal_representative\` varchar(60) not null, \`address\` varchar(300) not null, \`level_applied\` enum('NATIONAL_AGENT','PROVINCIAL_AGENT','REGIONAL_DEALER','RETAILER') not null, \`region_id\` varchar(40) not null, \`region_path\` varchar(400) not null, \`parent_dealer_id\` varchar(40) null, \`contact_name\` varchar(60) not null, \`contact_phone\` varchar(32) not null, \`contact_email\` varchar(120) null, \`business_scope\` varchar(40) not null, \`wants_warehouse\` tinyint(1) not null, \`note\` varchar(1000) null, \`submitted_at\` datetime not null, \`submitter_ip_hash\` varchar(64) null, \`region_reviewed_by\` varchar(40) null, \`region_reviewed_at\` datetime null, \`region_review_comment\` varchar(500) null, \`hq_reviewed_by\` varchar(40) null, \`hq_reviewed_at\` datetime null, \`hq_review_comment\` varchar(500) null, \`rejection_reason\` varchar(500) null, \`dealer_id\` varchar(40) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`dealer_application\` add unique \`dealer_application_number_unique\` (\`number\`);`);
    this.addSql(
      `alter table \`dealer_application\` add index \`dealer_application_credit_code_index\` (\`credit_code\`);`,
    );
    this.addSql(
      `alter table \`dealer_application\` add unique \`dealer_application_live_credit_code_unique\` (\`live_credit_code\`);`,
    );
    this.addSql(
      `alter table \`dealer_application\` add index \`dealer_application_status_region_path_submitted_at_index\` (\`status\`, \`region_path\`, \`submitted_at\`);`,
    );

    this.addSql(
      `create table \`document_counter\` (\`name\` varchar(20) not null, \`year\` int unsigned not null, \`last_number\` int not null, primary key (\`name\`, \`year\`)) default character set utf8mb4 engine = InnoDB;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`application_document\`;`);
    this.addSql(`drop table if exists \`dealer_application\`;`);
    this.addSql(`drop table if exists \`document_counter\`;`);
  }
}
