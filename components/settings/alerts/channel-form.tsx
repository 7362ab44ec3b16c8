'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { serverProblem } from '@/components/scripts/server-problem';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Input, Select } from '@/components/ui/field';
import { channelTypes, type ChannelType } from '@/server/alerts/alert-kinds.shared';

const formats: Partial<Record<ChannelType, string[]>> = {
  dingtalk: ['markdown', 'text'],
  wecom: ['markdown', 'text'],
  feishu: ['post', 'text'],
};
const empty = {
  name: '',
  type: 'dingtalk' as ChannelType,
  url: '',
  secret: '',
  msg_type: 'markdown',
  host: '',
  port: '587',
  security: 'starttls',
  username: '',
  password: '',
  from: '',
  to: '',
  insecure: false,
};

/** Adds a channel (admins). Only the fields of the chosen type are sent; the server names a refused one. */
export function ChannelForm() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(empty);
  const [saved, setSaved] = useState<string | null>(null);
  const create = useMutation(
    trpc.alerts.createChannel.mutationOptions({
      onSuccess: async (c) => {
        setForm(empty);
        setSaved(t('alerts.channel.created', { name: c.name }));
        await queryClient.invalidateQueries({ queryKey: trpc.alerts.channels.queryKey() });
      },
    }),
  );
  const problem = serverProblem(create.error);
  const fieldError = (k: string) => problem?.details.find((d) => d.field === `config.${k}`)?.message;
  const config = (): Record<string, unknown> => {
    if (form.type === 'email') {
      return {
        host: form.host,
        port: Number(form.port),
        security: form.security,
        ...(form.username ? { username: form.username, password: form.password } : {}),
        from: form.from,
        to: form.to.split(/[,;\s]+/).filter(Boolean),
        allow_invalid_certificate: form.insecure,
      };
    }
    return {
      url: form.url,
      ...(form.type !== 'wecom' && form.secret ? { secret: form.secret } : {}),
      ...(formats[form.type] ? { msg_type: form.msg_type } : {}),
    };
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    create.mutate({ name: form.name, type: form.type, config: config() });
  };
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  return (
    <Card title={t('alerts.channel.new')}>
      <form
        onSubmit={submit}
        className="grid items-start gap-3 sm:grid-cols-2 lg:grid-cols-4"
        data-testid="alert-channel-form"
      >
        <Field label={t('alerts.channel.name')} error={problem?.byField.name}>
          <Input
            required
            value={form.name}
            maxLength={100}
            onChange={(e) => set({ name: e.target.value })}
            data-testid="alert-channel-name"
          />
        </Field>
        <Field label={t('alerts.channel.type')}>
          <Select
            value={form.type}
            onChange={(e) =>
              set({ type: e.target.value as ChannelType, msg_type: formats[e.target.value as ChannelType]?.[0] ?? '' })
            }
            data-testid="alert-channel-type"
          >
            {channelTypes.map((k) => (
              <option key={k} value={k}>
                {t(`alerts.channel.type.${k}`)}
              </option>
            ))}
          </Select>
        </Field>
        {form.type !== 'email' ? (
          <>
            <Field label={t('alerts.channel.url')} hint={t('alerts.channel.urlHint')} error={fieldError('url')}>
              <Input
                required
                value={form.url}
                maxLength={2000}
                onChange={(e) => set({ url: e.target.value })}
                className="font-mono"
                data-testid="alert-channel-url"
              />
            </Field>
            {form.type !== 'wecom' && (
              <Field label={t('alerts.channel.secret')} error={fieldError('secret')}>
                <Input
                  type="password"
                  autoComplete="new-password"
                  value={form.secret}
                  onChange={(e) => set({ secret: e.target.value })}
                  data-testid="alert-channel-secret"
                />
              </Field>
            )}
            {formats[form.type] && (
              <Field label={t('alerts.channel.msgType')}>
                <Select
                  value={form.msg_type}
                  onChange={(e) => set({ msg_type: e.target.value })}
                  data-testid="alert-channel-msg-type"
                >
                  {formats[form.type]!.map((f) => (
                    <option key={f} value={f}>
                      {f}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
          </>
        ) : (
          <>
            <Field label={t('alerts.channel.host')} error={fieldError('host')}>
              <Input
                required
                value={form.host}
                onChange={(e) => set({ host: e.target.value })}
                data-testid="alert-channel-host"
              />
            </Field>
            <Field label={t('alerts.channel.port')} error={fieldError('port')}>
              <Input
                required
                type="number"
                min={1}
                max={65535}
                value={form.port}
                onChange={(e) => set({ port: e.target.value })}
                data-testid="alert-channel-port"
              />
            </Field>
            <Field label={t('alerts.channel.security')} error={fieldError('security')}>
              <Select
                value={form.security}
                onChange={(e) => set({ security: e.target.value })}
                data-testid="alert-channel-security"
              >
                {['starttls', 'tls', 'none'].map((s) => (
                  <option key={s} value={s}>
                    {s.toUpperCase()}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t('alerts.channel.username')} error={fieldError('username')}>
              <Input
                value={form.username}
                autoComplete="off"
                onChange={(e) => set({ username: e.target.value })}
                data-testid="alert-channel-username"
              />
            </Field>
            <Field label={t('alerts.channel.password')} error={fieldError('password')}>
              <Input
                type="password"
                autoComplete="new-password"
                value={form.password}
                onChange={(e) => set({ password: e.target.value })}
                data-testid="alert-channel-password"
              />
            </Field>
            <Field label={t('alerts.channel.from')} error={fieldError('from')}>
              <Input
                required
                value={form.from}
                onChange={(e) => set({ from: e.target.value })}
                data-testid="alert-channel-from"
              />
            </Field>
            <Field label={t('alerts.channel.to')} error={fieldError('to')}>
              <Input
                required
                value={form.to}
                onChange={(e) => set({ to: e.target.value })}
                data-testid="alert-channel-to"
              />
            </Field>
            <label className="flex items-center gap-2 pt-6 text-sm">
              <input
                type="checkbox"
                checked={form.insecure}
                onChange={(e) => set({ insecure: e.target.checked })}
                data-testid="alert-channel-insecure"
              />
              {t('alerts.channel.insecureCert')}
            </label>
          </>
        )}
        <div className="flex justify-end pt-5 lg:col-span-4">
          <Button type="submit" disabled={create.isPending} data-testid="save-alert-channel">
            {t('alerts.channel.create')}
          </Button>
        </div>
      </form>
      {problem && (
        <p role="alert" className="mt-2 text-sm text-red-600" data-testid="alert-channel-error">
          {problem.message}
        </p>
      )}
      {saved && (
        <p role="status" className="mt-2 text-sm text-green-700 dark:text-green-400" data-testid="alert-channel-saved">
          {saved}
        </p>
      )}
    </Card>
  );
}
