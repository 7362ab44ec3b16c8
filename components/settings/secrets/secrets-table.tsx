'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { serverProblem } from '@/components/scripts/server-problem';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field, Input } from '@/components/ui/field';
import type { SecretDto } from '@/server/secrets/secrets.schema';
import { ScopeEditor } from './scope-editor';
import { SecretUsage } from './secret-usage';
import { Badge, roleLabel, tableBox, tbody, td, th, thead, When, isRole } from '../settings-format';

export const secretRef = (name: string) => `{{secret:${name}}}`;

type Pending = { kind: 'replace' | 'delete' | 'scope' | 'usage'; secret: SecretDto } | null;

export function SecretsTable({ secrets }: { secrets: SecretDto[] }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan('secret.write');
  const [pending, setPending] = useState<Pending>(null);
  const [value, setValue] = useState('');
  const [description, setDescription] = useState('');
  const done = async () => {
    setPending(null);
    setValue('');
    await queryClient.invalidateQueries({ queryKey: trpc.secrets.list.queryKey() });
  };
  const upsert = useMutation(trpc.secrets.upsert.mutationOptions({ onSuccess: done }));
  const remove = useMutation(trpc.secrets.delete.mutationOptions({ onSuccess: done }));
  const close = () => {
    setPending(null);
    setValue('');
    upsert.reset();
    remove.reset();
  };
  const problem = serverProblem(upsert.error);

  if (secrets.length === 0)
    return (
      <p className="text-sm text-slate-500" data-testid="secrets-empty">
        {t('settings.secrets.empty')}
      </p>
    );
  return (
    <div className={tableBox}>
      <table className="w-full border-collapse text-sm" data-testid="secrets-table">
        <thead className={thead}>
          <tr>
            <th className={th}>{t('settings.secrets.name')}</th>
            <th className={th}>{t('settings.secrets.description')}</th>
            <th className={th}>{t('settings.secrets.reference')}</th>
            <th className={th}>{t('settings.secrets.scope')}</th>
            <th className={th}>{t('settings.secrets.updated')}</th>
            {canWrite && <th className={th} />}
          </tr>
        </thead>
        <tbody className={tbody}>
          {secrets.map((s) => (
            <tr key={s.id} data-testid={`secret-row-${s.name}`}>
              <td className={`${td} font-mono font-medium`}>{s.name}</td>
              <td className={`${td} text-slate-600 dark:text-slate-400`}>{s.description || t('settings.none')}</td>
              <td className={td}>
                <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">
                  {secretRef(s.name)}
                </code>
              </td>
              <td className={td} data-testid="secret-scope">
                <ScopeSummary secret={s} />
              </td>
              <td className={`${td} whitespace-nowrap`}>
                <When iso={s.updated_at} />
              </td>
              {canWrite && (
                <td className={`${td} whitespace-nowrap text-right`}>
                  <div className="flex justify-end gap-1">
                    <Button
                      variant="secondary"
                      className="text-xs"
                      onClick={() => setPending({ kind: 'scope', secret: s })}
                      data-testid="edit-scope"
                    >
                      {t('settings.secrets.editScope')}
                    </Button>
                    <Button
                      variant="secondary"
                      className="text-xs"
                      onClick={() => setPending({ kind: 'usage', secret: s })}
                      data-testid="secret-usage-open"
                    >
                      {t('settings.secrets.usage')}
                    </Button>
                    <Button
                      variant="secondary"
                      className="text-xs"
                      onClick={() => {
                        setDescription(s.description);
                        setPending({ kind: 'replace', secret: s });
                      }}
                      data-testid="replace-secret"
                    >
                      {t('settings.secrets.replace')}
                    </Button>
                    <Button
                      variant="secondary"
                      className="text-xs"
                      onClick={() => setPending({ kind: 'delete', secret: s })}
                      data-testid="delete-secret"
                    >
                      {t('settings.secrets.delete')}
                    </Button>
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {pending?.kind === 'scope' && <ScopeEditor secret={pending.secret} onClose={close} />}
      {pending?.kind === 'usage' && <SecretUsage secret={pending.secret} onClose={close} />}
      <ConfirmDialog
        open={pending?.kind === 'replace'}
        title={pending ? t('settings.secrets.replaceTitle', { name: pending.secret.name }) : ''}
        confirmLabel={t('settings.secrets.save')}
        cancelLabel={t('common.cancel')}
        pending={upsert.isPending}
        error={problem && !problem.byField.value ? problem.message : null}
        onCancel={close}
        onConfirm={() => pending && upsert.mutate({ name: pending.secret.name, value, description })}
      >
        <div className="space-y-3">
          <Field
            label={t('settings.secrets.value')}
            hint={t('settings.secrets.valueHint')}
            error={problem?.byField.value}
          >
            <Input
              type="password"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              autoComplete="new-password"
              data-testid="replace-secret-value"
            />
          </Field>
          <Field label={t('settings.secrets.description')}>
            <Input
              value={description}
              maxLength={500}
              onChange={(e) => setDescription(e.target.value)}
              data-testid="replace-secret-description"
            />
          </Field>
        </div>
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.kind === 'delete'}
        title={pending ? t('settings.secrets.deleteTitle', { name: pending.secret.name }) : ''}
        confirmLabel={t('settings.secrets.delete')}
        cancelLabel={t('common.cancel')}
        variant="danger"
        pending={remove.isPending}
        error={remove.error?.message}
        onCancel={close}
        onConfirm={() => pending && remove.mutate({ id: pending.secret.id })}
      >
        {t('settings.secrets.deleteBody')}
      </ConfirmDialog>
    </div>
  );
}

/** "Admins only" for a secret without a scope; otherwise who and where, in words. */
function ScopeSummary({ secret }: { secret: SecretDto }) {
  const t = useT();
  const s = secret.scope;
  if (!s)
    return (
      <Badge tone="amber" title={t('settings.secrets.adminsOnlyHint')} testId="scope-admins-only-badge">
        {t('settings.secrets.adminsOnly')}
      </Badge>
    );
  const who = [
    ...s.roles.filter(isRole).map((r) => t(roleLabel[r])),
    ...(s.user_ids.length ? [t('settings.secrets.scopeUsersCount', { n: String(s.user_ids.length) })] : []),
  ].join(', ');
  const where = s.any_where
    ? t('settings.secrets.scopeAnywhere')
    : [
        s.script_ids.length ? t('settings.secrets.scopeScriptsCount', { n: String(s.script_ids.length) }) : '',
        s.workflow_ids.length ? t('settings.secrets.scopeWorkflowsCount', { n: String(s.workflow_ids.length) }) : '',
        s.tags.length ? `${t('settings.secrets.scopeTags')}: ${s.tags.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ');
  return (
    <span className="text-xs text-slate-600 dark:text-slate-400">
      {t('settings.secrets.scopeSummary', { who, where })}
    </span>
  );
}
