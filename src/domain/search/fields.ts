/**
 * The fields a procedure is searched in, in the order results list the fields that
 * matched. The one home of the list: the engine indexes these and the API schema
 * (`matched`) accepts these. A leaf module, so schemas can import it without the engine.
 */
export const SEARCH_FIELDS = [
  'code',
  'title',
  'keywords',
  'summary',
  'documents',
  'context',
  'body',
] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];
