/**
 * Stand-ins for the real receivers, on 127.0.0.1: each checks the request the way its service
 * documents it (body format, signature) and answers the way that service answers, refusals
 * included. They are independent of the code under test: the signatures are recomputed here from
 * the vendors' descriptions, not with the functions that made them.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { timestampedSignatureValid } from '@/server/triggers/webhook-token';

export interface Received {
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
  verdict: string;
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Answer 503 to the next n requests (a receiver that is down). */
  failNext(n: number): void;
  /** Wait this long before answering (a slow receiver). */
  delayMs: number;
  close(): Promise<void>;
}

type Check = (req: {
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
}) => { status: number; answer: unknown; verdict: string };

async function receiver(path: string, check: Check): Promise<Receiver> {
  const received: Received[] = [];
  let failing = 0;
  const state = { delayMs: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const u = new URL(req.url ?? '/', 'http://127.0.0.1');
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          body = {};
        }
        if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
        if (failing > 0) {
          failing--;
          received.push({
            path: u.pathname,
            query: u.searchParams,
            headers: req.headers,
            raw,
            body,
            verdict: 'down (503)',
            at: Date.now(),
          });
          res.writeHead(503).end('service unavailable');
          return;
        }
        const r =
          u.pathname === path
            ? check({ query: u.searchParams, headers: req.headers, raw, body })
            : { status: 404, answer: { error: 'no such path' }, verdict: 'wrong path' };
        received.push({
          path: u.pathname,
          query: u.searchParams,
          headers: req.headers,
          raw,
          body,
          verdict: r.verdict,
          at: Date.now(),
        });
        res.writeHead(r.status, { 'content-type': 'application/json' }).end(JSON.stringify(r.answer));
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    failNext: (n) => {
      failing = n;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(v: number) {
      state.delayMs = v;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const ONE_HOUR_MS = 3_600_000;

/**
 * DingTalk custom robot: POST /robot/send?access_token=…&timestamp=…&sign=…; sign is
 * urlEncode(base64(HmacSHA256(key = secret, "timestamp\nsecret"))), timestamp in ms within an hour.
 */
export function dingtalkReceiver(token: string, secret: string | null) {
  return receiver('/robot/send', ({ query, body }) => {
    if (query.get('access_token') !== token)
      return { status: 200, answer: { errcode: 300001, errmsg: 'token is not exist' }, verdict: 'bad token' };
    if (secret) {
      const ts = query.get('timestamp') ?? '';
      const expected = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
      if (query.get('sign') !== expected || Math.abs(Date.now() - Number(ts)) > ONE_HOUR_MS) {
        return { status: 200, answer: { errcode: 310000, errmsg: 'sign not match' }, verdict: 'bad sign' };
      }
    }
    const ok =
      body.msgtype === 'markdown'
        ? typeof (body.markdown as Record<string, unknown>)?.title === 'string' &&
          typeof (body.markdown as Record<string, unknown>)?.text === 'string'
        : body.msgtype === 'text' && typeof (body.text as Record<string, unknown>)?.content === 'string';
    if (!ok) return { status: 200, answer: { errcode: 40035, errmsg: 'missing parameter' }, verdict: 'bad body' };
    return { status: 200, answer: { errcode: 0, errmsg: 'ok' }, verdict: 'accepted' };
  });
}

/**
 * WeCom group robot: POST /cgi-bin/webhook/send?key=…,
 * {"msgtype":"markdown","markdown":{"content"}} (≤ 4096 bytes).
 */
export function wecomReceiver(key: string) {
  return receiver('/cgi-bin/webhook/send', ({ query, body }) => {
    if (query.get('key') !== key)
      return { status: 200, answer: { errcode: 93000, errmsg: 'invalid webhook url' }, verdict: 'bad key' };
    const content =
      body.msgtype === 'markdown'
        ? (body.markdown as Record<string, unknown>)?.content
        : (body.text as Record<string, unknown>)?.content;
    if (typeof content !== 'string')
      return { status: 200, answer: { errcode: 40008, errmsg: 'invalid message type' }, verdict: 'bad body' };
    if (Buffer.byteLength(content) > 4096)
      return {
        status: 200,
        answer: { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' },
        verdict: 'too long',
      };
    return { status: 200, answer: { errcode: 0, errmsg: 'ok' }, verdict: 'accepted' };
  });
}

/**
 * Feishu custom bot: POST /open-apis/bot/v2/hook/{token}; with signing, body has "timestamp"
 * (seconds, within an hour) and "sign" = base64(HmacSHA256(key = "timestamp\nsecret", message = "")).
 */
export function feishuReceiver(token: string, secret: string | null) {
  return receiver(`/open-apis/bot/v2/hook/${token}`, ({ body }) => {
    if (secret) {
      const ts = String(body.timestamp ?? '');
      const expected = createHmac('sha256', `${ts}\n${secret}`).update('').digest('base64');
      if (body.sign !== expected || Math.abs(Date.now() / 1000 - Number(ts)) > 3600) {
        return {
          status: 200,
          answer: { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' },
          verdict: 'bad sign',
        };
      }
    }
    const content = body.content as Record<string, unknown> | undefined;
    const ok =
      body.msg_type === 'text'
        ? typeof content?.text === 'string'
        : body.msg_type === 'post'
          ? !!content?.post && typeof content.post === 'object'
          : false;
    if (!ok) return { status: 200, answer: { code: 9499, msg: 'Bad Request' }, verdict: 'bad body' };
    return { status: 200, answer: { code: 0, msg: 'success', data: {} }, verdict: 'accepted' };
  });
}

/** A service receiving our generic webhook, checking it as our own incoming webhooks do. */
export function webhookReceiver(secret: string | null) {
  return receiver('/hooks/vss-alerts', ({ headers, raw }) => {
    if (secret) {
      const ts = String(headers['x-signature-timestamp'] ?? '');
      const sig = String(headers['x-signature'] ?? '');
      if (!timestampedSignatureValid(secret, ts, raw, sig) || Math.abs(Date.now() / 1000 - Number(ts)) > 300) {
        return { status: 401, answer: { error: 'bad signature' }, verdict: 'bad signature' };
      }
    }
    return { status: 204, answer: null, verdict: 'accepted' };
  });
}

export interface Mail {
  from: string;
  to: string[];
  raw: string;
  user: string | null;
  secure: boolean;
}

/** A real SMTP server (smtp-server): STARTTLS with its built-in test certificate, PLAIN/LOGIN auth. */
export async function smtpReceiver(
  user: string,
  pass: string,
): Promise<{ port: number; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === pass) return cb(null, { user: auth.username });
      return cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: (session.user as string | undefined) ?? null,
          secure: session.secure,
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Undoes quoted-printable (=XX and soft line breaks) so a test can read the mail's text. */
export function decodeQuotedPrintable(s: string): string {
  const bytes = s
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
