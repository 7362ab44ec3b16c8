import { allowed, router } from '../init';
import {
  createScheduleInput,
  listSchedulesInput,
  previewScheduleInput,
  scheduleIdInput,
  updateScheduleInput,
} from '@/server/schedules/schedules.schema';
import { createSchedule } from '@/server/schedules/create-schedule';
import { getSchedule } from '@/server/schedules/get-schedule';
import { listSchedules } from '@/server/schedules/list-schedules';
import { updateSchedule } from '@/server/schedules/update-schedule';
import { deleteSchedule } from '@/server/schedules/delete-schedule';
import { setScheduleEnabled } from '@/server/schedules/set-schedule-enabled';
import { previewSchedule } from '@/server/schedules/preview-schedule';

export const schedulesRouter = router({
  list: allowed('schedule.read')
    .input(listSchedulesInput)
    .query(({ ctx, input }) => listSchedules({ actor: ctx.actor, input })),
  get: allowed('schedule.read')
    .input(scheduleIdInput)
    .query(({ ctx, input }) => getSchedule({ actor: ctx.actor, id: input.id })),
  // Next fire times of an expression being edited, computed here so the browser needs no cron library.
  preview: allowed('schedule.read')
    .input(previewScheduleInput)
    .query(({ ctx, input }) => previewSchedule({ actor: ctx.actor, input })),
  create: allowed('schedule.write')
    .input(createScheduleInput)
    .mutation(({ ctx, input }) => createSchedule({ actor: ctx.actor, input, meta: ctx.meta })),
  update: allowed('schedule.write')
    .input(updateScheduleInput)
    .mutation(({ ctx, input }) => updateSchedule({ actor: ctx.actor, input, meta: ctx.meta })),
  delete: allowed('schedule.write')
    .input(scheduleIdInput)
    .mutation(({ ctx, input }) => deleteSchedule({ actor: ctx.actor, id: input.id, meta: ctx.meta })),
  pause: allowed('schedule.write')
    .input(scheduleIdInput)
    .mutation(({ ctx, input }) =>
      setScheduleEnabled({ actor: ctx.actor, id: input.id, enabled: false, meta: ctx.meta }),
    ),
  resume: allowed('schedule.write')
    .input(scheduleIdInput)
    .mutation(({ ctx, input }) =>
      setScheduleEnabled({ actor: ctx.actor, id: input.id, enabled: true, meta: ctx.meta }),
    ),
});
