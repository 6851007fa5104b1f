import { Migration } from '@mikro-orm/migrations';
import { regionRefBackfill } from '../region-ref-backfill.js';

export class Migration20261207122229_WarehouseAdmin extends Migration {
  override name = 'Migration20261207122229_WarehouseAdmin';

  override up(): void | Promise<void> {
    this.addSql(`create table \`region_ref\` (\`region_id\` text not null primary key, \`path\` text not null);`);

    this.addSql(
      `create table \`stock_import\` (\`id\` text not null primary key, \`file_sha256\` text not null, \`file_name\` text not null, \`status\` text check (\`status\` in ('VALIDATED', 'APPLYING', 'COMPLETED', 'REJECTED')) not null, \`total_lines\` integer not null, \`good_lines\` integer not null, \`bad_lines\` integer not null, \`applied_lines\` integer not null default 0, \`good_only\` integer not null, \`lease_until\` datetime null, \`created_by_user_id\` text not null, \`created_at\` datetime not null, \`completed_at\` datetime null);`,
    );
    this.addSql(
      `create index \`stock_import_status_lease_until_index\` on \`stock_import\` (\`status\`, \`lease_until\`);`,
    );
    this.addSql(
      `create index \`stock_import_file_sha256_created_at_index\` on \`stock_import\` (\`file_sha256\`, \`created_at\`);`,
    );

    this.addSql(
      `create table \`stock_import_line\` (\`import_id\` text not null, \`line_no\` integer not null, \`warehouse_id\` text not null, \`product_id\` text not null, \`safety_stock\` integer not null, \`applied\` integer not null default false, primary key (\`import_id\`, \`line_no\`));`,
    );
    this.addSql(
      `create index \`stock_import_line_import_id_applied_line_no_index\` on \`stock_import_line\` (\`import_id\`, \`applied\`, \`line_no\`);`,
    );

    this.addSql(`alter table \`warehouse\` add column \`version\` integer not null default 1;`);
    this.addSql(`alter table \`warehouse\` add column \`deactivated_at\` datetime null;`);
    this.addSql(`alter table \`warehouse\` add column \`deactivated_reason\` text null;`);
    this.addSql(`alter table \`warehouse\` add column \`address\` text null;`);
    this.addSql(`alter table \`warehouse\` add column \`created_at\` datetime null;`);

    // A database seeded before region_ref existed gets the demo network's regions (a fresh one: the seed).
    this.addSql(regionRefBackfill());
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`region_ref\`;`);
    this.addSql(`drop table if exists \`stock_import\`;`);
    this.addSql(`drop table if exists \`stock_import_line\`;`);

    this.addSql(`alter table \`warehouse\` drop column \`version\`;`);
    this.addSql(`alter table \`warehouse\` drop column \`deactivated_at\`;`);
    this.addSql(`alter table \`warehouse\` drop column \`deactivated_reason\`;`);
    this.addSql(`alter table \`warehouse\` drop column \`address\`;`);
    this.addSql(`alter table \`warehouse\` drop column \`created_at\`;`);
  }
}
