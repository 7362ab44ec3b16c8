import { signTimestamped, TIMESTAMP_HEADER } from '@/server/triggers/webhook-token';
import type { AnyChannelConfig, ChannelConfig, ChannelType } from './alerts.schema';
import { channelSecrets, scrubSecrets } from './channel-config';
import { postJson, vendorRefusal, type PostResult } from './post-json';
import { alertMarkdown, alertText, type AlertMessage } from './render-alert';
import { sendEmail } from './send-email';
import { dingtalkSignedUrl, feishuSignature } from './sign-robot';

/** Cuts a text to at most `max` UTF-8 bytes (robots refuse longer messages) on a character boundary. */
export function fitBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let cut = Buffer.from(text)
    .subarray(0, max - 3)
    .toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return `${cut}...`;
}

/** The generic webhook's JSON body: the facts, the rendered title and text. */
export function webhookBody(m: AlertMessage): Record<string, unknown> {
  const f = m.facts;
  return {
    event: f.event,
    title: m.title,
    text: alertText(m),
    language: m.language,
    rule: f.rule,
    subject: f.subject,
    run: f.run,
    output_tail: f.output_tail,
    link: f.link,
    suppressed: f.suppressed ?? null,
    sent_at: new Date().toISOString(),
  };
}

function feishuPost(m: AlertMessage) {
  const lines: Array<Array<Record<string, string>>> = m.fields.map(([k, v]) => [{ tag: 'text', text: `${k}: ${v}` }]);
  if (m.note) lines.push([{ tag: 'text', text: m.note }]);
  if (m.output) lines.push([{ tag: 'text', text: `${m.outputLabel}:\n${fitBytes(m.output, 3000)}` }]);
  lines.push(
    /^https?:/.test(m.link)
      ? [{ tag: 'a', text: m.linkLabel, href: m.link }]
      : [{ tag: 'text', text: `${m.linkLabel}: ${m.link}` }],
  );
  const post = { title: m.title, content: lines };
  return { post: m.language === 'zh-CN' ? { zh_cn: post } : { en_us: post } };
}

async function send(type: ChannelType, config: AnyChannelConfig, m: AlertMessage): Promise<PostResult> {
  switch (type) {
    case 'webhook': {
      const c = config as ChannelConfig['webhook'];
      const raw = JSON.stringify(webhookBody(m));
      const ts = Math.floor(Date.now() / 1000);
      // The scheme our own incoming webhooks check (server/triggers/webhook-token.ts).
      const headers: Record<string, string> = c.secret
        ? { [TIMESTAMP_HEADER]: String(ts), 'X-Signature': signTimestamped(c.secret, ts, raw) }
        : {};
      return postJson(c.url, raw, { ...headers, 'X-VSS-Event': m.facts.event });
    }
    case 'dingtalk': {
      const c = config as ChannelConfig['dingtalk'];
      const url = c.secret ? dingtalkSignedUrl(c.url, c.secret) : c.url;
      const body =
        c.msg_type === 'text'
          ? { msgtype: 'text', text: { content: fitBytes(alertText(m), 18_000) } }
          : { msgtype: 'markdown', markdown: { title: m.title, text: fitBytes(alertMarkdown(m), 18_000) } };
      return checkVendor(await postJson(url, body));
    }
    case 'wecom': {
      const c = config as ChannelConfig['wecom'];
      // WeCom refuses a content over 4096 bytes.
      const body =
        c.msg_type === 'text'
          ? { msgtype: 'text', text: { content: fitBytes(alertText(m), 2040) } }
          : { msgtype: 'markdown', markdown: { content: fitBytes(alertMarkdown(m), 4000) } };
      return checkVendor(await postJson(c.url, body));
    }
    case 'feishu': {
      const c = config as ChannelConfig['feishu'];
      const signed = c.secret ? feishuSignature(c.secret) : {};
      const body =
        c.msg_type === 'text'
          ? { ...signed, msg_type: 'text', content: { text: fitBytes(alertText(m), 18_000) } }
          : { ...signed, msg_type: 'post', content: feishuPost(m) };
      return checkVendor(await postJson(c.url, body));
    }
    case 'email': {
      const c = config as ChannelConfig['email'];
      return sendEmail(c, { subject: m.title, text: alertText(m) });
    }
  }
}

function checkVendor(r: PostResult): PostResult {
  if (!r.ok) return r;
  const refusal = vendorRefusal(r.body);
  return refusal ? { ...r, ok: false, error: refusal } : r;
}

/**
 * One delivery attempt of a rendered message to a channel. Never throws; the error text never
 * holds a credential (a receiver's answer may quote the URL with its token).
 */
export async function sendToChannel(type: ChannelType, config: AnyChannelConfig, m: AlertMessage): Promise<PostResult> {
  let r: PostResult;
  try {
    r = await send(type, config, m);
  } catch (err) {
    r = { ok: false, status: null, body: '', error: `could not send: ${(err as Error).message}` };
  }
  const secrets = channelSecrets(config);
  return {
    ...r,
    body: scrubSecrets(r.body, secrets).slice(0, 2000),
    error: r.error === null ? null : scrubSecrets(r.error, secrets).slice(0, 2000),
  };
}
