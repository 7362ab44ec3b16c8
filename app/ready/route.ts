import { checkReadiness } from '@/server/health/check-readiness';

export const dynamic = 'force-dynamic';

export async function GET() {
  const r = await checkReadiness();
  return Response.json(r, { status: r.status === 'ready' ? 200 : 503 });
}
