import { allowed, router } from '../init';
import { overviewInput, scriptStatsInput, seriesInput } from '@/server/stats/stats.schema';
import { getOverview } from '@/server/stats/get-overview';
import { getScriptStats } from '@/server/stats/get-script-stats';
import { getSeries } from '@/server/stats/get-series';
import { liveSnapshot } from '@/server/stats/stream-live';

export const statsRouter = router({
  overview: allowed('execution.read')
    .input(overviewInput)
    .query(({ ctx, input }) => getOverview({ actor: ctx.actor, input })),
  script: allowed('execution.read')
    .input(scriptStatsInput)
    .query(({ ctx, input }) => getScriptStats({ actor: ctx.actor, input })),
  series: allowed('execution.read')
    .input(seriesInput)
    .query(({ ctx, input }) => getSeries({ actor: ctx.actor, input })),
  live: allowed('execution.read').query(({ ctx }) => liveSnapshot({ actor: ctx.actor })),
});
