import { metricsText } from '@/server/stats/metrics';

export const dynamic = 'force-dynamic';

/** Prometheus scrape endpoint of the web process (docs/metrics.md). Like /health, no sign-in. */
export async function GET() {
  const { body, contentType } = await metricsText();
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
