'use client';
import { useQuery } from '@tanstack/react-query';
import { useT } from '@/components/i18n/i18n-provider';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { RuleForm } from './rule-form';
import { RuleList } from './rule-list';

/** The Alerts panel of a script or workflow page: the rules that cover it, and a form for a new one. */
export function AlertsPanel({ target }: { target: { type: 'script' | 'workflow'; id: string } }) {
  const t = useT();
  const trpc = useTRPC();
  const mayWriteRules = useCan('alert.rule.write');
  const mayEditTarget = useCan(target.type === 'script' ? 'script.write' : 'workflow.write');
  const canWrite = mayWriteRules && mayEditTarget;
  const rules = useQuery(
    trpc.alerts.rules.queryOptions(target.type === 'script' ? { script_id: target.id } : { workflow_id: target.id }),
  );
  return (
    <div className="space-y-3" data-testid="alerts-panel">
      <p className="text-xs text-slate-500">{t('alerts.panel.intro')}</p>
      {rules.error && (
        <p role="alert" className="text-sm text-red-600">
          {rules.error.message}
        </p>
      )}
      {rules.data && <RuleList rules={rules.data.items} emptyText={t('alerts.rules.emptyHere')} />}
      {canWrite && <RuleForm fixedTarget={target} />}
    </div>
  );
}
