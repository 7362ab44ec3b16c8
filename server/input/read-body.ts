import { AppError } from '@/server/errors/app-error';
import { env } from '@/server/env';

const tooLarge = (limit: number) => new AppError('PAYLOAD_TOO_LARGE', `request body is larger than ${limit} bytes`);

/**
 * Reads a request body as UTF-8 text, counting bytes as they arrive: a body without
 * Content-Length (chunked) is cut off at `limit` bytes (API_MAX_BODY_BYTES unless told), never
 * buffered whole first. Every transport (REST, tRPC, webhooks) reads its body through here.
 */
export async function readBodyLimited(req: Request, limit = env().API_MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > limit) throw tooLarge(limit);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}
