import { idInput } from '@/server/scripts/scripts.schema';
import { overviewDto, overviewInput, scriptStatsDto, scriptStatsQuery } from '@/server/stats/stats.schema';
import { getOverview } from '@/server/stats/get-overview';
import { getScriptStats } from '@/server/stats/get-script-stats';
import { defineRoute } from '../rest-route';

export const statsRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/scripts/statistics/overview',
    summary: 'Dashboard statistics: scripts, workflows, run counts, success rate, durations, workers, top scripts',
    tag: 'statistics',
    permission: 'execution.read',
    query: overviewInput,
    response: overviewDto,
    handler: ({ actor, query }) => getOverview({ actor, input: query }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/scripts/{id}/statistics',
    summary: "One script's statistics: counts by status, success rate, duration percentiles, last runs",
    tag: 'statistics',
    permission: 'execution.read',
    params: idInput,
    query: scriptStatsQuery,
    response: scriptStatsDto,
    handler: ({ actor, params, query }) => getScriptStats({ actor, input: { ...query, id: params.id } }),
  }),
];
