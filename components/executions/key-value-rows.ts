import type { MessageKey } from '@/components/i18n/locale';

export interface KeyValueRow {
  id: number;
  key: string;
  value: string;
}

// Row ids only need to be unique within the page; crypto.randomUUID is missing on plain-http hosts.
let nextRowId = 1;
export function newRow(key = '', value = ''): KeyValueRow {
  return { id: nextRowId++, key, value };
}

/** Rows with an empty name are ignored; a repeated name is an error on the later row. */
export function rowsToRecord(rows: KeyValueRow[]): {
  record: Record<string, string>;
  errors: Record<number, MessageKey>;
} {
  const record: Record<string, string> = {};
  const errors: Record<number, MessageKey> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (!key) continue;
    if (key in record) errors[row.id] = 'executions.kv.duplicate';
    else record[key] = row.value;
  }
  return { record, errors };
}
