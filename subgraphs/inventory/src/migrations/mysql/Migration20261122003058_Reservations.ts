import { Migration } from '@mikro-orm/migrations';

export class Migration20261122003058_Reservations extends Migration {
  override name = 'Migration20261122003058_Reservations';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`reservation\` (\`id\` varchar(40) not null, \`key\` varchar(120) not null, \`dealer_id\` varchar(40) not null, \`status\` enum('ACTIVE','RELEASED','COMMITTED') not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`reservation\` add unique \`reservation_key_unique\` (\`key\`);`);
    this.addSql(`alter table \`reservation\` add index \`reservation_status_id_index\` (\`status\`, \`id\`);`);
    this.addSql(`alter table \`reservation\` add index \`reservation_dealer_id_id_index\` (\`dealer_id\`, \`id\`);`);

    this.addSql(
      `create table \`reservation_line\` (\`id\` varchar(40) not null, \`reservation_id\` varchar(40) not null, \`product_id\` varchar(40) not null, \`warehouse_id\` varchar(40) not null, \`lot_id\` varchar(40) null, \`quantity\` int not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`reservation_line\` add index \`reservation_line_reservation_id_index\` (\`reservation_id\`);`,
    );

    this.addSql(`alter table \`lot\` add \`reserved\` int not null default 0;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`reservation\`;`);
    this.addSql(`drop table if exists \`reservation_line\`;`);

    this.addSql(`alter table \`lot\` drop column \`reserved\`;`);
  }
}
