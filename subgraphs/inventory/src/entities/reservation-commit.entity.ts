import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One part of a reservation that shipped (`commitReservationPart`): one row per part key (the
 * shipment id), ever, so a replay finds the part and answers the lots it took.
 */
@Entity({ tableName: 'reservation_commit' })
export class ReservationCommit {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  /** The caller's key of the part (the shipment id): unique, so a part commits once. */
  @Property({ type: 'string', length: 120, unique: true })
  partKey!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  reservationId!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}

/** Units one committed part took from one reservation line (and so from that line's lot). */
@Entity({ tableName: 'reservation_commit_line' })
export class ReservationCommitLine {
  @PrimaryKey({ type: 'string', length: 40 })
  commitId!: string;

  @PrimaryKey({ type: 'string', length: 40 })
  reservationLineId!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  lotId!: string | null;

  @Property({ type: 'integer' })
  quantity!: number;
}
