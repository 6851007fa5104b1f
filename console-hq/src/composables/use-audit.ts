import { useQuery } from '@urql/vue';
import { computed, watch, type Ref } from 'vue';
import { AuditLogDocument } from '@/graphql/audit';
import type { AuditLogFilter } from '@/generated/graphql';
import { pagedConnection, useCursorStack } from '@/lib/cursor-stack';

export const AUDIT_PAGE_SIZE = 25;

/** The subgraphs that record audit entries, for the filter. */
export const AUDIT_SUBGRAPHS = [
  'dealers',
  'products',
  'pricing',
  'inventory',
  'orders',
  'finance',
  'traceability',
] as const;

/** The audit log filter as the page edits it (empty strings mean "any"). */
export interface AuditFilterState {
  actorId: string;
  entityType: string;
  entityId: string;
  subgraph: string;
  /** yyyy-mm-dd, inclusive. */
  from: string;
  /** yyyy-mm-dd, inclusive. */
  to: string;
}

/** The API filter of a page filter: trimmed, empty parts left out, dates as whole local days. */
export function toAuditFilter(state: AuditFilterState): AuditLogFilter {
  const f: AuditLogFilter = {};
  if (state.actorId.trim()) f.actorId = state.actorId.trim();
  if (state.entityType.trim()) f.entityType = state.entityType.trim();
  if (state.entityId.trim()) f.entityId = state.entityId.trim();
  if (state.subgraph) f.subgraph = state.subgraph;
  if (state.from) f.from = new Date(`${state.from}T00:00:00`).toISOString();
  if (state.to) f.to = new Date(new Date(`${state.to}T00:00:00`).getTime() + 86_400_000).toISOString();
  return f;
}

/** `auditLog` (HQ only), newest first, paginated; a new filter starts at page one. */
export function useAuditLog(filter: Ref<AuditLogFilter>) {
  const cursors = useCursorStack(AUDIT_PAGE_SIZE);
  watch(filter, () => cursors.reset(), { deep: true });
  const variables = computed(() => ({ first: AUDIT_PAGE_SIZE, after: cursors.after.value, filter: filter.value }));
  const query = useQuery({ query: AuditLogDocument, variables, requestPolicy: 'cache-and-network' });
  const connection = computed(() => query.data.value?.auditLog);
  return pagedConnection(cursors, connection, query);
}

/** One row of a before/after comparison. */
export interface DiffRow {
  key: string;
  before: string;
  after: string;
  changed: boolean;
}

function show(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function parse(json: string | null | undefined): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { value: json };
  }
}

/** The fields of an entry's before and after snapshots side by side, changed ones flagged. */
export function auditDiff(before: string | null | undefined, after: string | null | undefined): DiffRow[] {
  const b = parse(before);
  const a = parse(after);
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  return keys.map((key) => {
    const bv = show(b?.[key]);
    const av = show(a?.[key]);
    return { key, before: b ? bv : '', after: a ? av : '', changed: bv !== av };
  });
}
