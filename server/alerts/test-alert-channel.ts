import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { writeAudit } from '@/server/audit/write-audit';
import { AppError } from '@/server/errors/app-error';
import type { AlertLanguage, ChannelTestDto } from './alerts.schema';
import { unsealChannelConfig } from './channel-config';
import { getAlertChannelRow } from './get-alert-channel';
import { renderAlert } from './render-alert';
import { sendToChannel } from './send-to-channel';

/**
 * Sends a test message through a channel now (not through the queue: the admin waits for the
 * answer) and reports how the receiver answered. Audited, with the outcome but no credential.
 */
export async function testAlertChannel(opts: {
  actor: Actor;
  id: string;
  language?: AlertLanguage;
  meta?: RequestMeta;
}): Promise<ChannelTestDto> {
  assertCan(opts.actor, 'alert.channel.manage');
  const row = await getAlertChannelRow(opts.id);
  let config;
  try {
    config = unsealChannelConfig(row.configSealed);
  } catch {
    throw new AppError(
      'UNPROCESSABLE',
      `the configuration of channel ${row.name} cannot be opened (SECRETS_KEY changed?): save it again`,
    );
  }
  const message = renderAlert(
    {
      event: 'test',
      rule: null,
      subject: { kind: 'script', id: row.id, name: row.name },
      run: null,
      output_tail: null,
      path: '/settings/alerts',
    },
    opts.language ?? 'zh-CN',
  );
  const started = Date.now();
  const r = await sendToChannel(row.type, config, message);
  const durationMs = Date.now() - started;
  await writeAudit({
    actor: opts.actor,
    action: 'alert_channel.test',
    entityType: 'alert_channel',
    entityId: row.id,
    meta: opts.meta,
    summary: `test message to ${row.name} (${row.type}): ${r.ok ? 'delivered' : `failed: ${r.error}`}`,
  });
  return { ok: r.ok, response_code: r.status, error: r.error, duration_ms: durationMs };
}
