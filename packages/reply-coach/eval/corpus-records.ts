/** Field access for corpus JSONL rows, whose shape the corpus README documents. */
export type JsonRecord = Record<string, unknown>;

export function text(record: JsonRecord, field = 'text'): string {
  const value = record[field];
  return typeof value === 'string' ? value : '';
}

export function label(record: JsonRecord, name: string): unknown {
  const labels = record.labels;
  return labels && typeof labels === 'object' ? (labels as JsonRecord)[name] : undefined; // labels is an object per the corpus README
}
