import 'reflect-metadata';
import {
  Arg,
  Authorized,
  Ctx,
  Directive,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
  Subscription,
} from 'type-graphql';
import { ExportFormat, ExportStatus, type ExportJobRecord } from './export-job.entity.js';
import { servedByGateway, subscriptionsViaGateway } from './federation.js';
import { findExportJob, startReportExport, type ExportRegistry } from './export-job.js';
import type { RequestContext } from './request-context.js';
import { UserError } from './user-error.js';

registerEnumType(ExportFormat, {
  name: 'ExportFormat',
  description: 'What a report export is written as.',
  valuesConfig: {
    CSV: { description: 'Comma-separated values, UTF-8 with a BOM (Excel reads the Chinese names).' },
    XLSX: { description: 'An Excel workbook with one sheet.' },
  },
});

registerEnumType(ExportStatus, {
  name: 'ExportJobStatus',
  description: 'Where a report export stands.',
  valuesConfig: {
    QUEUED: { description: 'Waiting for the export runner.' },
    RUNNING: { description: 'Being written; `rowsDone` of `rowsTotal` so far.' },
    DONE: { description: 'Written: fetch it from `downloadPath`.' },
    FAILED: { description: 'Stopped by an error (`error`); start a new export.' },
  },
});

@ObjectType({ description: 'A report export: its report, filters, format and progress, and where to fetch the file.' })
@Directive('@shareable')
export class ExportJob {
  @Field(() => ID, { description: 'Export id ("exp_…").' })
  id!: string;

  @Field(() => String, { description: 'The report exported, e.g. "inventoryReport".' })
  report!: string;

  @Field(() => String, { description: "The report's filters as given (JSON text)." })
  filters!: string;

  @Field(() => ExportFormat, { description: 'CSV or XLSX.' })
  format!: ExportFormat;

  @Field(() => ExportStatus, { description: 'QUEUED, RUNNING, DONE or FAILED.' })
  status!: ExportStatus;

  @Field(() => Int, { description: 'Rows written so far.' })
  rowsDone!: number;

  @Field(() => Int, { nullable: true, description: 'Rows the report has; null until the runner counted them.' })
  rowsTotal!: number | null;

  @Field(() => String, { nullable: true, description: 'Why it failed; null otherwise.' })
  error!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The gateway path of the file (GET, the requester's token): set once DONE, else null.",
  })
  downloadPath!: string | null;

  @Field(() => Date, { description: 'When it was asked for.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it finished (DONE or FAILED); null before.' })
  finishedAt!: Date | null;
}

@InputType({ description: 'Which report to export, with which filters, in which format.' })
export class StartReportExportInput {
  @Field(() => String, { description: 'The report\'s name, e.g. "inventoryReport" (REPORT_UNKNOWN otherwise).' })
  report!: string;

  @Field(() => String, {
    description: "The report's arguments as a JSON object, as its query takes them (FILTERS_INVALID otherwise).",
  })
  filters!: string;

  @Field(() => String, { description: 'CSV or XLSX (FORMAT_UNKNOWN otherwise).' })
  format!: string;
}

@ObjectType({ description: 'The queued export, or why it was refused (then nothing was written).' })
@Directive('@shareable')
export class StartReportExportPayload {
  @Field(() => ExportJob, { nullable: true, description: 'The queued export; null when refused.' })
  job!: ExportJob | null;

  @Field(() => [UserError], { description: 'REPORT_UNKNOWN, FILTERS_INVALID, FORMAT_UNKNOWN.' })
  errors!: UserError[];
}

/** The GraphQL view of a job row. */
export function toExportJob(row: ExportJobRecord): ExportJob {
  return Object.assign(new ExportJob(), {
    ...row,
    format: row.format as ExportFormat,
    status: row.status as ExportStatus,
    downloadPath: row.status === ExportStatus.DONE ? `/exports/${row.id}` : null,
  });
}

/** The field names of one owner's export operations (root fields are unique across the supergraph). */
export interface ExportFieldNames {
  /** e.g. `startInventoryReportExport`. */
  start: string;
  /** e.g. `inventoryExportJob`. */
  job: string;
}

/**
 * The resolver of one owner's exports, written once: `<start>(input)` queues an export of one of the
 * registry's reports, `<job>(id)` reads the viewer's own job. Each owner names its fields, since the gateway
 * routes a root field to one subgraph.
 */
export function exportJobResolver(registry: ExportRegistry, names: ExportFieldNames): new () => object {
  const reports = registry.pagers.map((p) => p.name).join(', ');
  @Resolver()
  class ExportJobResolver {
    @Authorized(...registry.grants)
    @Mutation(() => StartReportExportPayload, {
      name: names.start,
      description:
        `Queues an export of one of the ${registry.owner} reports (${reports}), ` +
        "read in the caller's scope; follow it with " +
        `\`${names.job}\` and fetch the file from its \`downloadPath\`.`,
    })
    async start(
      @Ctx() ctx: RequestContext<object>,
      @Arg('input', () => StartReportExportInput, { description: 'The report, its filters and the format.' })
      input: StartReportExportInput,
    ): Promise<StartReportExportPayload> {
      const result = await startReportExport(ctx, registry, input, { operation: names.start });
      return result.job
        ? { job: toExportJob(result.job), errors: [] }
        : { job: null, errors: result.errors.map((e) => Object.assign(new UserError(), e)) };
    }

    @Authorized(...registry.grants)
    @Query(() => ExportJob, {
      name: names.job,
      nullable: true,
      description: `One of the caller's own ${registry.owner} exports; null for anyone else's or an unknown id.`,
    })
    async job(
      @Ctx() ctx: RequestContext<object>,
      @Arg('id', () => ID, { description: 'The export id.' }) id: string,
    ): Promise<ExportJob | null> {
      const row = await findExportJob(ctx, id);
      return row ? toExportJob(row) : null;
    }
  }
  Object.defineProperty(ExportJobResolver, 'name', { value: `${registry.owner}ExportJobResolver` });
  return ExportJobResolver;
}

/**
 * `exportProgressed(id)`: one export's progress as it is written (QUEUED, each chunk, DONE or FAILED), served
 * by the gateway over graphql-ws and re-read through the owner's `<owner>ExportJob(id)`, so only the
 * requester receives it. Root fields are unique in the supergraph: one owner declares it for all, with
 * `grants` every owner's exporters.
 */
export function exportProgressResolver(grants: readonly string[]): new () => object {
  @Resolver()
  class ExportProgressResolver {
    @Authorized(...grants)
    @Subscription(() => ExportJob, {
      subscribe: servedByGateway,
      description:
        "Each step of one of the caller's report exports (any owner's: the id names it); served by the gateway " +
        'over graphql-ws. Pass the last `extensions.event.position` as `after` to catch up after a reconnect.',
    })
    exportProgressed(
      @Arg('id', () => ID, { description: 'The export id (from a start…ReportExport mutation).' }) _id: string,
      @Arg('after', () => String, {
        nullable: true,
        description:
          'Position of the last event received (`extensions.event.position`): events after it are replayed first.',
      })
      _after?: string,
    ): ExportJob {
      throw subscriptionsViaGateway();
    }
  }
  return ExportProgressResolver;
}
