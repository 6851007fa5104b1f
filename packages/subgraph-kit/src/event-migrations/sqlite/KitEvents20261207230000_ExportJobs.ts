import { Migration } from '@mikro-orm/migrations';

export class KitEvents20261207230000_ExportJobs extends Migration {
  override name = 'KitEvents20261207230000_ExportJobs';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`export_job\` (\`id\` text not null primary key, \`owner\` text not null, \`report\` text not null, \`filters\` text not null, \`format\` text not null, \`status\` text not null, \`rows_done\` integer not null default 0, \`rows_total\` integer null, \`blob_key\` text null, \`error\` text null, \`requested_by\` text not null, \`viewer\` text not null, \`lease_until\` datetime null, \`created_at\` datetime not null, \`finished_at\` datetime null);`,
    );
    this.addSql(`create index \`export_job_status_created_at_index\` on \`export_job\` (\`status\`, \`created_at\`);`);
    this.addSql(
      `create index \`export_job_requested_by_created_at_index\` on \`export_job\` (\`requested_by\`, \`created_at\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`export_job\`;`);
  }
}
