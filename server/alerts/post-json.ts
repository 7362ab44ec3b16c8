/** What one HTTP attempt to a receiver answered. */
export interface PostResult {
  ok: boolean;
  status: number | null;
  /** The first bytes of the answer (vendors put their error codes there). */
  body: string;
  error: string | null;
}

export const DELIVERY_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 16 * 1024;

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= MAX_RESPONSE_BYTES) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8');
}

/**
 * POSTs a JSON body to a receiver. Bounded in every way a receiver could hold a worker: a 10 s
 * deadline over connect, headers and body, an answer read only up to 16 KB, and redirects never
 * followed (a 3xx is a failure: a robot URL that redirects elsewhere must not get our message).
 */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<PostResult> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'vss-script-orchestration-alerts',
        ...headers,
      },
      body: raw,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await readCapped(res);
    if (res.status >= 300 && res.status < 400) {
      return { ok: false, status: res.status, body: text, error: `redirect (${res.status}) not followed` };
    }
    if (!res.ok)
      return {
        ok: false,
        status: res.status,
        body: text,
        error: `HTTP ${res.status}${text ? `: ${text.slice(0, 300)}` : ''}`,
      };
    return { ok: true, status: res.status, body: text, error: null };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why =
      e.name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s`
        : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, status: null, body: '', error: `request failed: ${why}` };
  }
}

/**
 * Robots answer 200 even when they refuse a message; the refusal is in the body:
 * DingTalk and WeCom `{"errcode":…,"errmsg":…}`, Feishu `{"code":…,"msg":…}` (older `StatusCode`).
 */
export function vendorRefusal(body: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const b = parsed as Record<string, unknown>;
  const code = b.errcode ?? b.code ?? b.StatusCode;
  if (code === undefined || code === 0 || code === '0') return null;
  const message = b.errmsg ?? b.msg ?? b.StatusMessage;
  return `refused by the receiver: code ${String(code)}${message ? ` (${String(message)})` : ''}`;
}
