import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** What an export is written as. */
export const ExportFormat = { CSV: 'CSV', XLSX: 'XLSX' } as const;
/** One of `ExportFormat`. */
export type ExportFormat = (typeof ExportFormat)[keyof typeof ExportFormat];

/** Where an export job stands: QUEUED until a runner leases it, RUNNING while it pages, then DONE or FAILED. */
export const ExportStatus = { QUEUED: 'QUEUED', RUNNING: 'RUNNING', DONE: 'DONE', FAILED: 'FAILED' } as const;
/** One of `ExportStatus`. */
export type ExportStatus = (typeof ExportStatus)[keyof typeof ExportStatus];

/**
 * One report export (`export_job`, kit migration `ExportJobs`; rr §9): every subgraph has the table, the
 * owners of exportable reports fill it. The runner leases it (`leaseUntil`), pages the report into a blob
 * and counts `rowsDone`; the requester's viewer is kept so the report is scoped as it would be for them.
 */
@Entity({ tableName: 'export_job' })
@Index({ properties: ['status', 'createdAt'] })
@Index({ properties: ['requestedBy', 'createdAt'] })
export class ExportJobRecord {
  /** `exp_…`, sortable by time. */
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  /** The subgraph that runs it and serves its file. */
  @Property({ type: 'string', length: 40 })
  owner!: string;

  /** The registered report's name. */
  @Property({ type: 'string', length: 60 })
  report!: string;

  /** The report's filters as the requester gave them (JSON text, validated by the report). */
  @Property({ type: 'text' })
  filters!: string;

  /** One of `ExportFormat`. */
  @Property({ type: 'string', length: 10 })
  format!: string;

  /** One of `ExportStatus`. */
  @Property({ type: 'string', length: 10 })
  status!: string;

  @Property({ type: 'integer', default: 0 })
  rowsDone!: number;

  /** The report's row count when the runner started; null while queued. */
  @Property({ type: 'integer', nullable: true })
  rowsTotal!: number | null;

  /** The finished file's blob key; null until DONE. */
  @Property({ type: 'string', length: 200, nullable: true })
  blobKey!: string | null;

  /** Why it failed (a short message); null otherwise. */
  @Property({ type: 'string', length: 300, nullable: true })
  error!: string | null;

  /** The requesting user's id: only they fetch the file. */
  @Property({ type: 'string', length: 60 })
  requestedBy!: string;

  /** The requester's viewer (JSON), so the runner reads the report in their scope. */
  @Property({ type: 'text' })
  viewer!: string;

  /** While set and in the future, a runner owns the job. */
  @Property({ type: 'datetime', nullable: true })
  leaseUntil!: Date | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  finishedAt!: Date | null;
}

/** The kit's export entities every subgraph's database gets. */
export const EXPORT_JOB_ENTITIES = [ExportJobRecord];
