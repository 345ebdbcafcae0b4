/**
 * The checklist of paper documents on the counter reception form (issue 14): one checkbox
 * per document of the procedure, stored with the dossier by name (migrations/0012).
 */

/** The checkbox of the procedure's i-th document in the checklist of papers received. */
export const receivedDocumentField = (i: number): string => `giay-to-${i}`;

/** The names of the procedure's documents ticked as received in a posted counter form. */
export function documentsReceived(
  documents: readonly { name: string }[],
  values: Readonly<Record<string, string>>,
): string[] {
  return documents
    .filter((_, i) => (values[receivedDocumentField(i)] ?? '') !== '')
    .map((d) => d.name);
}
