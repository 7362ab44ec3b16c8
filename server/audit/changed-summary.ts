import { coded, type CodedMessage } from '@/server/messages/messages.shared';

/** "name, content changed; version 3" as a message code (field names are identifiers, kept as they are). */
export function changedSummary(changed: string[], version: number | null): CodedMessage {
  const fields = changed.join(', ');
  if (!fields) {
    return version === null ? coded('audit.nothing_changed') : coded('audit.nothing_changed_version', { version });
  }
  return version === null ? coded('audit.changed', { fields }) : coded('audit.changed_version', { fields, version });
}

/** `changed name, cron_expression of "nightly"` as a message code. */
export function changedOfSummary(fields: string[], name: string): CodedMessage {
  if (!fields.length) return coded('audit.nothing_changed_of', { name });
  return coded('audit.changed_of', { fields: fields.join(', '), name });
}
