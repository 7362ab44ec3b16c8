import { z } from 'zod';
import { eventTypeField } from '@/server/triggers/triggers.schema';

/** Body of POST /api/v1/events: `{"type":"camera.alarm","source":"nvr-1","payload":{"camera_id":3}}`. */
export const publishEventInput = z.object({
  type: eventTypeField,
  source: z.string().trim().max(200, 'must be at most 200 characters').nullable().optional(),
  payload: z.unknown().default({}),
});
export type PublishEventInput = z.input<typeof publishEventInput>;

export const deliveryOutcomes = ['started', 'duplicate', 'filtered', 'refused', 'error'] as const;

/** What one event did at one trigger whose pattern matched. */
export const deliveryDto = z.object({
  trigger_id: z.string(),
  trigger_name: z.string(),
  outcome: z.enum(deliveryOutcomes),
  run_kind: z.enum(['execution', 'workflow_run']).nullable(),
  run_id: z.string().nullable(),
  run_status: z.string().nullable(),
  error: z.string().nullable(),
});
export type DeliveryDto = z.infer<typeof deliveryDto>;

export const startedRunDto = z.object({
  trigger_id: z.string(),
  trigger_name: z.string(),
  kind: z.enum(['execution', 'workflow_run']),
  id: z.string(),
  status: z.string(),
});

export const publishEventDto = z.object({
  event_id: z.uuid(),
  type: z.string(),
  source: z.string().nullable(),
  received_at: z.string(),
  /** The runs this event started (empty when nothing matched). */
  executions: z.array(startedRunDto),
  deliveries: z.array(deliveryDto),
});
export type PublishEventDto = z.infer<typeof publishEventDto>;

export const eventDto = z.object({
  id: z.uuid(),
  kind: z.enum(['event', 'webhook']),
  type: z.string(),
  source: z.string().nullable(),
  payload: z.unknown(),
  trigger_id: z.string().nullable(),
  published_by: z.string().nullable(),
  received_at: z.string(),
  deliveries: z.array(deliveryDto),
});
export type EventDto = z.infer<typeof eventDto>;

export const listEventsInput = z.object({
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(20),
  trigger_id: z.uuid().optional(),
  type: z.string().trim().max(200).optional(),
});
export type ListEventsInput = z.input<typeof listEventsInput>;
