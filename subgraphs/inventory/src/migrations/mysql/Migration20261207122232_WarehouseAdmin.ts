import { Migration } from '@mikro-orm/migrations';
import { regionRefBackfill } from '../region-ref-backfill.js';

export class Migration20261207122232_WarehouseAdmin extends Migration {
  override name = 'Migration20261207122232_WarehouseAdmin';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`region_ref\` (\`region_id\` varchar(40) not null, \`path\` varchar(400) not null, primary key (\`region_id\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`stock_import\` (\`id\` varchar(40) not null, \`file_sha256\` varchar(64) not null, \`file_name\` varchar(200) not null, \`status\` enum('VALIDATED','APPLYING','COMPLETED','REJECTED') not null, \`total_lines\` int not null, \`good_lines\` int not null, \`bad_lines\` int not null, \`applied_lines\` int not null default 0, \`good_only\` tinyint(1) not null, \`lease_until\` datetime null, \`created_by_user_id\` varchar(40) not null, \`created_at\` datetime not null, \`completed_at\` datetime null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`stock_import\` add index \`stock_import_status_lease_until_index\` (\`status\`, \`lease_until\`);`,
    );
    this.addSql(
      `alter table \`stock_import\` add index \`stock_import_file_sha256_created_at_index\` (\`file_sha256\`, \`created_at\`);`,
    );

    this.addSql(
      `create table \`stock_import_line\` (\`import_id\` varchar(40) not null, \`line_no\` int unsigned not null, \`warehouse_id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`safety_stock\` int not null, \`applied\` tinyint(1) not null default false, primary key (\`import_id\`, \`line_no\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`stock_import_line\` add index \`stock_import_line_import_id_applied_line_no_index\` (\`import_id\`, \`applied\`, \`line_no\`);`,
    );

    this.addSql(
      `alter table \`warehouse\` add \`version\` int not null default 1, add \`deactivated_at\` datetime null, add \`deactivated_reason\` varchar(500) null, add \`address\` varchar(300) null, add \`created_at\` datetime null;`,
    );

    // A database seeded before region_ref existed gets the demo network's regions (a fresh one: the seed).
    this.addSql(regionRefBackfill());
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`region_ref\`;`);
    this.addSql(`drop table if exists \`stock_import\`;`);
    this.addSql(`drop table if exists \`stock_import_line\`;`);

    this.addSql(
      `alter table \`warehouse\` drop column \`version\`, drop column \`deactivated_at\`, drop column \`deactivated_reason\`, drop column \`address\`, drop column \`created_at\`;`,
    );
  }
}
