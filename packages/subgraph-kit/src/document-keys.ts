/**
 * Keys one subgraph writes and another reads back. Orders asks finance to issue a return's credit
 * note under this source key (one note per key, ever), and finance finds the note of a return by
 * it (`ReturnRequest.creditNote`): written once here, so the two sides cannot drift apart.
 */
export function returnCreditNoteKey(returnId: string): string {
  return `return:${returnId}`;
}
