import { useClientHandle } from '@urql/vue';
import { ref } from 'vue';
import { StatementPdfDocument } from '@/graphql/finance';

/** Downloads a statement's PDF: fetched on demand (cost 100), decoded from base64, saved by the browser. */
export function useStatementPdf() {
  const client = useClientHandle().client;
  const busy = ref(false);
  const error = ref<string | null>(null);
  async function download(dealerId: string, period: string): Promise<void> {
    busy.value = true;
    error.value = null;
    const result = await client.query(StatementPdfDocument, { dealerId, period }, { requestPolicy: 'network-only' });
    busy.value = false;
    const pdf = result.data?.statement?.pdf;
    if (!pdf) {
      error.value = String(result.error?.graphQLErrors[0]?.extensions?.code ?? 'NOT_FOUND');
      return;
    }
    const bytes = Uint8Array.from(atob(pdf.base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: pdf.contentType }));
    const a = document.createElement('a');
    a.href = url;
    a.download = pdf.fileName;
    a.click();
    URL.revokeObjectURL(url);
  }
  return { download, busy, error };
}
