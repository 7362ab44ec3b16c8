import type { RestRoute } from './rest-route';
import { scriptRoutes } from './routes/scripts';
import { executionRoutes } from './routes/executions';
import { scheduleRoutes } from './routes/schedules';
import { triggerRoutes } from './routes/triggers';
import { eventRoutes } from './routes/events';
import { secretRoutes } from './routes/secrets';
import { statsRoutes } from './routes/stats';
import { workflowRoutes } from './routes/workflows';
import { templateRoutes } from './routes/templates';
import { hostResourceRoutes } from './routes/host-resources';
import { alertRoutes } from './routes/alerts';

/** Every REST v1 operation. Literal paths come before parameterised ones when matching. */
export const restRoutes: RestRoute[] = [
  ...executionRoutes,
  ...scriptRoutes,
  ...scheduleRoutes,
  ...triggerRoutes,
  ...eventRoutes,
  ...statsRoutes,
  ...workflowRoutes,
  ...templateRoutes,
  ...hostResourceRoutes,
  ...secretRoutes,
  ...alertRoutes,
];

interface Compiled {
  route: RestRoute;
  regex: RegExp;
  names: string[];
  literalScore: number;
}

const compiled: Compiled[] = restRoutes
  .map((route) => {
    const names: string[] = [];
    const pattern = route.path
      .replace(/\/$/, '')
      .split('/')
      .map((seg) => {
        const m = /^\{(\w+)\}$/.exec(seg);
        if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(m[1]!);
        return '([^/]+)';
      })
      .join('/');
    return {
      route,
      regex: new RegExp(`^${pattern}/?$`),
      names,
      literalScore: route.path.split('/').filter((s) => s && !s.startsWith('{')).length,
    };
  })
  .sort((a, b) => b.literalScore - a.literalScore);

/** A malformed escape (`%E0`) is kept as written: the parameter's schema then refuses it as a 400. */
function decodeSegment(seg: string): string {
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}

export type Match = { route: RestRoute; params: Record<string, string> } | { methodNotAllowed: string[] } | null;

export function matchRoute(method: string, path: string): Match {
  const allowed: string[] = [];
  for (const c of compiled) {
    const m = c.regex.exec(path);
    if (!m) continue;
    if (c.route.method !== method) {
      allowed.push(c.route.method);
      continue;
    }
    return { route: c.route, params: Object.fromEntries(c.names.map((n, i) => [n, decodeSegment(m[i + 1]!)])) };
  }
  return allowed.length ? { methodNotAllowed: allowed } : null;
}
