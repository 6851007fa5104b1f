import { fetchDocument } from '@dnp/web-kit';
import type { Client } from '@urql/vue';
import { useClientHandle } from '@urql/vue';
import { computed, onScopeDispose, ref } from 'vue';
import type { ExportJobFieldsFragment, UserErrorFieldsFragment } from '@/generated/graphql';
import {
  FinanceExportJobDocument,
  InventoryExportJobDocument,
  OrdersExportJobDocument,
  StartFinanceReportExportDocument,
  StartInventoryReportExportDocument,
  StartOrdersReportExportDocument,
  StartTraceabilityReportExportDocument,
  TraceabilityExportJobDocument,
} from '@/graphql/reports';
import { session } from '@/lib/session';

/** The subgraph that owns a report and runs its exports (each names its own pair of fields). */
export type ExportOwner = 'orders' | 'inventory' | 'traceability' | 'finance';

/** What a report export is written as. */
export type ExportFileFormat = 'CSV' | 'XLSX';

/** How often a running export's progress is asked for. */
export const EXPORT_POLL_MS = 500;

/** What starting an export answers: the job, or its refusal codes, or the transport's error. */
interface Started {
  job?: ExportJobFieldsFragment | null;
  errors?: readonly UserErrorFieldsFragment[];
  failure?: string;
}
type StartInput = { report: string; filters: string; format: ExportFileFormat };

const failureOf = (r: { error?: { graphQLErrors: { extensions?: Record<string, unknown> }[]; message: string } }) =>
  r.error ? String(r.error.graphQLErrors[0]?.extensions?.code ?? r.error.message) : undefined;

/** Per owner: its start mutation and its job query, read into one shape. */
const OWNERS: Record<
  ExportOwner,
  {
    start(client: Client, input: StartInput): Promise<Started>;
    job(client: Client, id: string): Promise<{ job?: ExportJobFieldsFragment | null; failure?: string }>;
  }
> = {
  orders: {
    start: async (c, input) => {
      const r = await c.mutation(StartOrdersReportExportDocument, { input }).toPromise();
      return { ...r.data?.startOrdersReportExport, failure: failureOf(r) };
    },
    job: async (c, id) => {
      const r = await c.query(OrdersExportJobDocument, { id }, { requestPolicy: 'network-only' }).toPromise();
      return { job: r.data?.ordersExportJob, failure: failureOf(r) };
    },
  },
  inventory: {
    start: async (c, input) => {
      const r = await c.mutation(StartInventoryReportExportDocument, { input }).toPromise();
      return { ...r.data?.startInventoryReportExport, failure: failureOf(r) };
    },
    job: async (c, id) => {
      const r = await c.query(InventoryExportJobDocument, { id }, { requestPolicy: 'network-only' }).toPromise();
      return { job: r.data?.inventoryExportJob, failure: failureOf(r) };
    },
  },
  traceability: {
    start: async (c, input) => {
      const r = await c.mutation(StartTraceabilityReportExportDocument, { input }).toPromise();
      return { ...r.data?.startTraceabilityReportExport, failure: failureOf(r) };
    },
    job: async (c, id) => {
      const r = await c.query(TraceabilityExportJobDocument, { id }, { requestPolicy: 'network-only' }).toPromise();
      return { job: r.data?.traceabilityExportJob, failure: failureOf(r) };
    },
  },
  finance: {
    start: async (c, input) => {
      const r = await c.mutation(StartFinanceReportExportDocument, { input }).toPromise();
      return { ...r.data?.startFinanceReportExport, failure: failureOf(r) };
    },
    job: async (c, id) => {
      const r = await c.query(FinanceExportJobDocument, { id }, { requestPolicy: 'network-only' }).toPromise();
      return { job: r.data?.financeExportJob, failure: failureOf(r) };
    },
  },
};

/** Saves a Blob under `name` through a temporary link (the browser's download). */
function saveBlob(file: Blob, name: string): void {
  const url = URL.createObjectURL(file);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // Revoked later: some browsers read the link after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Exports one report as CSV or XLSX (rebates-reports §9): starts the owner's export job with the page's
 * filters, polls the job every EXPORT_POLL_MS for its progress until it is DONE or FAILED, then fetches the
 * file through the gateway's `/exports/:id` with the session's token (the route answers the requester only)
 * and saves it. `error` holds a refusal or failure code; `progress` is 0..1 while it runs.
 */
export function useReportExport(owner: ExportOwner, report: string, filters: () => Record<string, unknown>) {
  const client = useClientHandle().client;
  const job = ref<ExportJobFieldsFragment | null>(null);
  const starting = ref(false);
  const error = ref<string | null>(null);
  const downloading = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  onScopeDispose(() => {
    disposed = true;
    clearTimeout(timer);
  });

  const running = computed(
    () => starting.value || job.value?.status === 'QUEUED' || job.value?.status === 'RUNNING' || downloading.value,
  );
  const progress = computed(() => {
    const j = job.value;
    if (!j) return 0;
    if (j.status === 'DONE') return 1;
    return j.rowsTotal ? Math.min(1, j.rowsDone / j.rowsTotal) : 0;
  });

  async function download(done: ExportJobFieldsFragment, format: ExportFileFormat): Promise<void> {
    downloading.value = true;
    const out = await fetchDocument(done.downloadPath ?? `/exports/${done.id}`, {
      token: session.value?.accessToken,
    });
    downloading.value = false;
    if (!out.ok) {
      error.value = out.code;
      return;
    }
    saveBlob(out.file, `${report}-${done.id}.${format === 'XLSX' ? 'xlsx' : 'csv'}`);
  }

  async function follow(id: string, format: ExportFileFormat): Promise<void> {
    if (disposed) return;
    const answer = await OWNERS[owner].job(client, id);
    if (disposed) return;
    if (!answer.job) {
      error.value = answer.failure ?? 'EXPORT_UNKNOWN';
      return;
    }
    job.value = answer.job;
    if (answer.job.status === 'FAILED') error.value = answer.job.error ?? 'EXPORT_FAILED';
    else if (answer.job.status === 'DONE') await download(answer.job, format);
    else timer = setTimeout(() => void follow(id, format), EXPORT_POLL_MS);
  }

  /** Starts an export of the report as the page shows it; ignored while one runs. */
  async function start(format: ExportFileFormat): Promise<void> {
    if (running.value) return;
    starting.value = true;
    error.value = null;
    job.value = null;
    const input = { report, filters: JSON.stringify(filters()), format };
    const answer = await OWNERS[owner].start(client, input);
    starting.value = false;
    if (!answer.job) {
      error.value = answer.errors?.[0]?.code ?? answer.failure ?? 'EXPORT_FAILED';
      return;
    }
    job.value = answer.job;
    await follow(answer.job.id, format);
  }

  return { start, job, running, progress, error };
}
