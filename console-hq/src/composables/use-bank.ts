import { useMutation, useQuery } from '@urql/vue';
import { computed, ref, watch, type Ref } from 'vue';
import {
  BankImportsDocument,
  BankLinesDocument,
  IgnoreBankLineDocument,
  ImportBankStatementDocument,
  MatchBankLineDocument,
} from '@/graphql/bank';
import type { BankImportFieldsFragment, BankLineStatus, CsvEncoding } from '@/generated/graphql';
import { pagedConnection, useCursorStack } from '@/lib/cursor-stack';
import { payloadResult, type MutationOutcome } from '@/lib/mutation-outcome';

/** `bankStatementLines` of a status (the matching queue: UNMATCHED), paginated. */
export function useBankLines(status: Ref<BankLineStatus | null>) {
  const cursors = useCursorStack(20);
  watch(status, () => cursors.reset());
  const variables = computed(() => ({
    first: 20,
    after: cursors.after.value,
    filter: status.value ? { status: status.value } : {},
  }));
  const query = useQuery({ query: BankLinesDocument, variables, requestPolicy: 'cache-and-network' });
  return pagedConnection(
    cursors,
    computed(() => query.data.value?.bankStatementLines),
    query,
  );
}

/** Match a line to a dealer, or set it aside with a reason. */
export function useBankLineActions() {
  const match = useMutation(MatchBankLineDocument);
  const ignore = useMutation(IgnoreBankLineDocument);
  const ctx = { additionalTypenames: ['BankStatementLine', 'Payment'] };
  return {
    async match(lineId: string, dealerId: string): Promise<MutationOutcome> {
      const r = await match.executeMutation({ input: { lineId, dealerId } }, ctx);
      return payloadResult(r.error, r.data?.matchBankStatementLine);
    },
    async ignore(id: string, reason: string): Promise<MutationOutcome> {
      const r = await ignore.executeMutation({ id, reason }, ctx);
      return payloadResult(r.error, r.data?.ignoreBankStatementLine);
    },
    busy: computed(() => match.fetching.value || ignore.fetching.value),
  };
}

/** Most file bytes the API takes (3 MB); a larger file is refused before it is sent. */
export const BANK_FILE_MAX_BYTES = 3 * 1024 * 1024;

/** `bankImports`, newest first, paginated. */
export function useBankImports() {
  const cursors = useCursorStack(20);
  const variables = computed(() => ({ first: 20, after: cursors.after.value }));
  const query = useQuery({ query: BankImportsDocument, variables, requestPolicy: 'cache-and-network' });
  return pagedConnection(
    cursors,
    computed(() => query.data.value?.bankImports),
    query,
  );
}

/** A problem of the file (`line` null) or of one of its lines (1-based, as an editor shows it). */
export interface BankFileError {
  code: string;
  message: string;
  line?: number | null;
  column?: string | null;
}

/** What an upload came to: the import, the earlier import of the same bytes, or why nothing was written. */
export interface BankImportOutcome {
  import: BankImportFieldsFragment | null;
  duplicateOf: BankImportFieldsFragment | null;
  errors: BankFileError[];
}

/** A bank file to import, as the clerk chose it. */
export interface BankFileChoice {
  file: File;
  bankAccount: string;
  encoding: CsvEncoding;
}

/** The file's bytes as base64 (the API takes the file inside the mutation). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // In slices: spreading a whole file into fromCharCode overflows the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Imports a bank file. `importGoodLines` sends the same bytes again with the API's option to skip
 * the bad lines; nothing else differs, so the result replaces the refusal.
 */
export function useImportBankStatement() {
  const mutation = useMutation(ImportBankStatementDocument);
  const outcome = ref<BankImportOutcome | null>(null);
  const ctx = { additionalTypenames: ['BankImport', 'BankStatementLine', 'Payment'] };
  async function run(choice: BankFileChoice, importGoodLines = false): Promise<BankImportOutcome> {
    const input = {
      fileName: choice.file.name,
      contentBase64: await base64Of(choice.file),
      bankAccount: choice.bankAccount.trim(),
      encoding: choice.encoding,
      importGoodLines,
    };
    const r = await mutation.executeMutation({ input }, ctx);
    const payload = r.data?.importBankStatement;
    const e = r.error?.graphQLErrors[0];
    outcome.value = payload
      ? { import: payload.import ?? null, duplicateOf: payload.duplicateOf ?? null, errors: payload.errors }
      : {
          import: null,
          duplicateOf: null,
          errors: [{ code: String(e?.extensions?.code ?? 'NETWORK'), message: e?.message ?? String(r.error?.message) }],
        };
    return outcome.value;
  }
  return { run, outcome, busy: mutation.fetching, clear: () => (outcome.value = null) };
}
