import type { RequestMeta } from '@/server/auth/actor';

export function requestMeta(req: Request): RequestMeta {
  const fwd = req.headers.get('x-forwarded-for');
  return {
    ip: fwd?.split(',')[0]?.trim() || req.headers.get('x-real-ip') || null,
    userAgent: req.headers.get('user-agent'),
  };
}
