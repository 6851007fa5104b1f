import { Migration } from '@mikro-orm/migrations';

export class KitEvents20261207230000_ExportJobs extends Migration {
  override name = 'KitEvents20261207230000_ExportJobs';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`export_job\` (\`id\` varchar(40) not null, \`owner\` varchar(40) not null, \`report\` varchar(60) not null, \`filters\` text not null, \`format\` varchar(10) not null, \`status\` varchar(10) not null, \`rows_done\` int not null default 0, \`rows_total\` int null, \`blob_key\` varchar(200) null, \`error\` varchar(300) null, \`requested_by\` varchar(60) not null, \`viewer\` text not null, \`lease_until\` datetime null, \`created_at\` datetime not null, \`finished_at\` datetime null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`export_job\` add index \`export_job_status_created_at_index\` (\`status\`, \`created_at\`);`,
    );
    this.addSql(
      `alter table \`export_job\` add index \`export_job_requested_by_created_at_index\` (\`requested_by\`, \`created_at\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`export_job\`;`);
  }
}
