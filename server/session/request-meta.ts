import type { RequestMeta } from '@/server/auth/actor';
import { clientAddress } from './client-address';

export function requestMeta(req: Request): RequestMeta {
  return { ip: clientAddress(req.headers), userAgent: req.headers.get('user-agent') };
}
