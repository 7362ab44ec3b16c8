export const dynamic = 'force-dynamic';

/** Liveness: the process answers. Readiness (dependencies) is /ready. */
export function GET() {
  return Response.json({ status: 'healthy', service: 'vss-script-orchestration', time: new Date().toISOString() });
}
