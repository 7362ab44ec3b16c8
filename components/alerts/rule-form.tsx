'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { serverProblem } from '@/components/scripts/server-problem';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Input, Select } from '@/components/ui/field';
import {
  alertEvents,
  alertLanguages,
  targetTypes,
  type AlertEvent,
  type AlertLanguage,
} from '@/server/alerts/alert-kinds.shared';
import type { AlertTarget } from '@/server/alerts/alerts.schema';

type TargetType = (typeof targetTypes)[number];

/** Adds a rule: for a fixed script or workflow (its page's panel), or for any target (settings). */
export function RuleForm({ fixedTarget }: { fixedTarget?: { type: 'script' | 'workflow'; id: string } }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const channels = useQuery(trpc.alerts.channels.queryOptions());
  const empty = {
    name: '',
    on: ['failed', 'timed_out', 'recovered'] as AlertEvent[],
    targetType: 'all' as TargetType,
    targetValue: '',
    channels: [] as string[],
    throttle: '10',
    slow: '',
    language: 'zh-CN' as AlertLanguage,
  };
  const [form, setForm] = useState(empty);
  const [saved, setSaved] = useState<string | null>(null);
  const create = useMutation(
    trpc.alerts.createRule.mutationOptions({
      onSuccess: async (r) => {
        setForm(empty);
        setSaved(t('alerts.rule.created', { name: r.name }));
        await queryClient.invalidateQueries({ queryKey: trpc.alerts.rules.queryKey() });
      },
    }),
  );
  const problem = serverProblem(create.error);
  const target = (): AlertTarget => {
    if (fixedTarget) return fixedTarget;
    switch (form.targetType) {
      case 'all':
        return { type: 'all' };
      case 'tag':
        return { type: 'tag', tag: form.targetValue };
      default:
        return { type: form.targetType, id: form.targetValue.trim() };
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    create.mutate({
      name: form.name,
      on: form.on,
      target: target(),
      channel_ids: form.channels,
      throttle_minutes: Number(form.throttle || 0),
      slow_seconds: form.on.includes('slow') && form.slow ? Number(form.slow) : null,
      language: form.language,
    });
  };
  const toggle = <K extends 'on' | 'channels'>(key: K, v: string) =>
    setForm({
      ...form,
      [key]: (form[key] as string[]).includes(v) ? (form[key] as string[]).filter((x) => x !== v) : [...form[key], v],
    });
  const list = channels.data?.items ?? [];
  return (
    <Card title={t('alerts.rule.new')}>
      <form onSubmit={submit} className="grid items-start gap-3 sm:grid-cols-2" data-testid="alert-rule-form">
        <Field label={t('alerts.rule.name')} error={problem?.byField.name}>
          <Input
            required
            value={form.name}
            maxLength={100}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            data-testid="alert-rule-name"
          />
        </Field>
        <Field label={t('alerts.rule.on')} error={problem?.byField.on ?? problem?.byField.slow_seconds}>
          <div className="flex flex-wrap gap-3 pt-1 text-sm">
            {alertEvents.map((ev) => (
              <label key={ev} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={form.on.includes(ev)}
                  onChange={() => toggle('on', ev)}
                  data-testid={`alert-rule-on-${ev}`}
                />
                {t(`alerts.rule.on.${ev}`)}
              </label>
            ))}
          </div>
        </Field>
        {form.on.includes('slow') && (
          <Field label={t('alerts.rule.slowSeconds')} error={problem?.byField.slow_seconds}>
            <Input
              type="number"
              min={1}
              value={form.slow}
              onChange={(e) => setForm({ ...form, slow: e.target.value })}
              data-testid="alert-rule-slow"
            />
          </Field>
        )}
        {!fixedTarget && (
          <Field label={t('alerts.rule.target')} error={problem?.byField.target}>
            <div className="flex gap-2">
              <Select
                value={form.targetType}
                onChange={(e) => setForm({ ...form, targetType: e.target.value as TargetType })}
                data-testid="alert-rule-target-type"
              >
                {targetTypes.map((k) => (
                  <option key={k} value={k}>
                    {t(`alerts.rule.target.${k}`)}
                  </option>
                ))}
              </Select>
              {form.targetType !== 'all' && (
                <Input
                  required
                  value={form.targetValue}
                  placeholder={t('alerts.rule.targetValue')}
                  onChange={(e) => setForm({ ...form, targetValue: e.target.value })}
                  data-testid="alert-rule-target-value"
                />
              )}
            </div>
          </Field>
        )}
        <Field label={t('alerts.rule.channels')} error={problem?.byField.channel_ids}>
          {list.length === 0 ? (
            <span className="block text-xs text-slate-500">{t('alerts.rule.noChannels')}</span>
          ) : (
            <div className="flex flex-wrap gap-3 pt-1 text-sm">
              {list.map((c) => (
                <label key={c.id} className="flex items-center gap-1">
                  <input
                    type="checkbox"
                    checked={form.channels.includes(c.id)}
                    onChange={() => toggle('channels', c.id)}
                    data-testid={`alert-rule-channel-${c.name}`}
                  />
                  {c.name}
                </label>
              ))}
            </div>
          )}
        </Field>
        <Field
          label={t('alerts.rule.throttle')}
          hint={t('alerts.rule.throttleHint')}
          error={problem?.byField.throttle_minutes}
        >
          <Input
            type="number"
            min={0}
            max={10080}
            value={form.throttle}
            onChange={(e) => setForm({ ...form, throttle: e.target.value })}
            data-testid="alert-rule-throttle"
          />
        </Field>
        <Field label={t('alerts.rule.language')} error={problem?.byField.language}>
          <Select
            value={form.language}
            onChange={(e) => setForm({ ...form, language: e.target.value as AlertLanguage })}
            data-testid="alert-rule-language"
          >
            {alertLanguages.map((l) => (
              <option key={l} value={l}>
                {l === 'zh-CN' ? '简体中文' : 'English'}
              </option>
            ))}
          </Select>
        </Field>
        <div className="flex justify-end pt-5 sm:col-span-2">
          <Button type="submit" disabled={create.isPending} data-testid="save-alert-rule">
            {t('alerts.rule.create')}
          </Button>
        </div>
      </form>
      {problem && (
        <p role="alert" className="mt-2 text-sm text-red-600" data-testid="alert-rule-error">
          {problem.message}
        </p>
      )}
      {saved && (
        <p role="status" className="mt-2 text-sm text-green-700 dark:text-green-400" data-testid="alert-rule-saved">
          {saved}
        </p>
      )}
    </Card>
  );
}
