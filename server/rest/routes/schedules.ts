import { z } from 'zod';
import {
  createScheduleInput,
  listSchedulesInput,
  previewScheduleDto,
  previewScheduleInput,
  scheduleDto,
  scheduleIdInput,
  schedulePatch,
} from '@/server/schedules/schedules.schema';
import { createSchedule } from '@/server/schedules/create-schedule';
import { getSchedule } from '@/server/schedules/get-schedule';
import { listSchedules } from '@/server/schedules/list-schedules';
import { updateSchedule } from '@/server/schedules/update-schedule';
import { deleteSchedule } from '@/server/schedules/delete-schedule';
import { setScheduleEnabled } from '@/server/schedules/set-schedule-enabled';
import { previewSchedule } from '@/server/schedules/preview-schedule';
import { defineRoute } from '../rest-route';
import { pageOf } from './page-of';

export const scheduleRoutes = [
  defineRoute({
    method: 'POST',
    path: '/api/v1/schedules/',
    summary: 'Create a cron schedule (5 or 6 fields, IANA time zone) that starts a script',
    tag: 'schedules',
    permission: 'schedule.write',
    body: createScheduleInput,
    response: scheduleDto,
    status: 201,
    handler: ({ actor, body, meta }) => createSchedule({ actor, input: body, meta }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/schedules/',
    summary: 'List schedules with their next run and last run',
    tag: 'schedules',
    permission: 'schedule.read',
    query: listSchedulesInput,
    response: pageOf(scheduleDto),
    handler: ({ actor, query }) => listSchedules({ actor, input: query }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/schedules/preview',
    summary: 'The next fire times of a cron expression in a time zone (nothing is saved)',
    tag: 'schedules',
    permission: 'schedule.read',
    query: previewScheduleInput,
    response: previewScheduleDto,
    handler: async ({ actor, query }) => previewSchedule({ actor, input: query }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/schedules/{id}',
    summary: 'Get a schedule',
    tag: 'schedules',
    permission: 'schedule.read',
    params: scheduleIdInput,
    response: scheduleDto,
    handler: ({ actor, params }) => getSchedule({ actor, id: params.id }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/v1/schedules/{id}',
    summary: 'Update a schedule (fields given are changed)',
    tag: 'schedules',
    permission: 'schedule.write',
    params: scheduleIdInput,
    body: schedulePatch,
    response: scheduleDto,
    handler: ({ actor, params, body, meta }) => updateSchedule({ actor, input: { id: params.id, patch: body }, meta }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/schedules/{id}',
    summary: 'Delete a schedule (the runs it started stay)',
    tag: 'schedules',
    permission: 'schedule.write',
    params: scheduleIdInput,
    response: z.object({ id: z.uuid(), deleted: z.literal(true) }),
    handler: ({ actor, params, meta }) => deleteSchedule({ actor, id: params.id, meta }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/schedules/{id}/pause',
    summary: 'Pause a schedule: no tick fires until it is resumed',
    tag: 'schedules',
    permission: 'schedule.write',
    params: scheduleIdInput,
    response: scheduleDto,
    handler: ({ actor, params, meta }) => setScheduleEnabled({ actor, id: params.id, enabled: false, meta }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/schedules/{id}/resume',
    summary: 'Resume a paused schedule from its next tick (missed ticks are not caught up)',
    tag: 'schedules',
    permission: 'schedule.write',
    params: scheduleIdInput,
    response: scheduleDto,
    handler: ({ actor, params, meta }) => setScheduleEnabled({ actor, id: params.id, enabled: true, meta }),
  }),
];
