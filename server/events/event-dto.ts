import type { events } from '@/db/schema';
import { runStatuses } from '@/server/triggers/start-target';
import type { DeliveryDto, EventDto } from './events.schema';

export type EventRow = typeof events.$inferSelect;

/** Events with their deliveries; each started run's status is read fresh. */
export async function toEventDtos(rows: EventRow[]): Promise<EventDto[]> {
  const all = rows.flatMap((r) => r.deliveries as DeliveryDto[]);
  const statuses = await runStatuses(
    all.filter((d) => d.run_id && d.run_kind).map((d) => ({ kind: d.run_kind!, id: d.run_id! })),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind === 'webhook' ? 'webhook' : 'event',
    type: r.type,
    source: r.source,
    payload: r.payload,
    trigger_id: r.triggerId,
    published_by: r.publishedBy,
    received_at: r.receivedAt.toISOString(),
    deliveries: (r.deliveries as DeliveryDto[]).map((d) => ({
      ...d,
      run_status: (d.run_id && statuses.get(d.run_id)) || d.run_status,
    })),
  }));
}
