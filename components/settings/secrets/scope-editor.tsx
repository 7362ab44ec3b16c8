'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { serverProblem } from '@/components/scripts/server-problem';
import { useCan } from '@/components/shell/permissions';
import { useTRPC } from '@/components/trpc/trpc-client';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field, Input } from '@/components/ui/field';
import type { Role } from '@/server/auth/actor';
import type { SecretDto } from '@/server/secrets/secrets.schema';
import { roleLabel } from '../settings-format';

const scopeRoles: Role[] = ['editor', 'operator', 'viewer'];
const box = 'max-h-32 overflow-y-auto rounded border border-slate-200 p-2 dark:border-slate-700';
const check = 'flex items-center gap-2 text-sm';

/** Multi-choice list of named things (users, scripts, workflows) as checkboxes. */
function Choices(props: {
  items: Array<{ id: string; name: string }>;
  chosen: string[];
  onChange(next: string[]): void;
  testId: string;
}) {
  return (
    <div className={box} data-testid={props.testId}>
      {props.items.map((i) => (
        <label key={i.id} className={check}>
          <input
            type="checkbox"
            checked={props.chosen.includes(i.id)}
            onChange={(e) =>
              props.onChange(e.target.checked ? [...props.chosen, i.id] : props.chosen.filter((x) => x !== i.id))
            }
            data-testid={`${props.testId}-${i.name}`}
          />
          <span className="truncate">{i.name}</span>
        </label>
      ))}
    </div>
  );
}

/**
 * Who may use a secret (roles, users; admins always may) and where (anywhere, or listed scripts,
 * workflows and script tags). "Admins only" removes the scope. The server decides; this only edits.
 */
export function ScopeEditor(props: { secret: SecretDto; onClose(): void }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canListUsers = useCan('user.manage');
  const s = props.secret.scope;
  const [adminsOnly, setAdminsOnly] = useState(s === null);
  const [roles, setRoles] = useState<string[]>(s?.roles ?? []);
  const [userIds, setUserIds] = useState<string[]>(s?.user_ids ?? []);
  const [anyWhere, setAnyWhere] = useState(s?.any_where ?? false);
  const [scriptIds, setScriptIds] = useState<string[]>(s?.script_ids ?? []);
  const [workflowIds, setWorkflowIds] = useState<string[]>(s?.workflow_ids ?? []);
  const [tags, setTags] = useState((s?.tags ?? []).join(', '));
  const scripts = useQuery(trpc.scripts.list.queryOptions({ page_size: 200, sort: 'name', order: 'asc' }));
  const workflows = useQuery(trpc.workflows.list.queryOptions({ page_size: 200, sort: 'name', order: 'asc' }));
  const users = useQuery({ ...trpc.users.list.queryOptions(), enabled: canListUsers });
  const save = useMutation(
    trpc.secrets.setScope.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.secrets.list.queryKey() });
        props.onClose();
      },
    }),
  );
  const problem = serverProblem(save.error);
  const submit = () =>
    save.mutate({
      id: props.secret.id,
      scope: adminsOnly
        ? null
        : {
            roles: roles as Role[],
            user_ids: userIds,
            any_where: anyWhere,
            script_ids: anyWhere ? [] : scriptIds,
            workflow_ids: anyWhere ? [] : workflowIds,
            tags: anyWhere
              ? []
              : tags
                  .split(',')
                  .map((x) => x.trim())
                  .filter(Boolean),
          },
    });

  return (
    <ConfirmDialog
      open
      title={t('settings.secrets.scopeTitle', { name: props.secret.name })}
      confirmLabel={t('settings.secrets.scopeSave')}
      cancelLabel={t('common.cancel')}
      pending={save.isPending}
      error={problem?.message ?? null}
      onCancel={props.onClose}
      onConfirm={submit}
    >
      <div className="space-y-3" data-testid="scope-editor">
        <label className={check}>
          <input
            type="checkbox"
            checked={adminsOnly}
            onChange={(e) => setAdminsOnly(e.target.checked)}
            data-testid="scope-admins-only"
          />
          {t('settings.secrets.scopeAdminsOnly')}
        </label>
        {!adminsOnly && (
          <>
            <fieldset className="space-y-1">
              <legend className="text-xs font-semibold uppercase text-slate-500">
                {t('settings.secrets.scopeWho')}
              </legend>
              <p className="text-xs text-slate-500">{t('settings.secrets.scopeWhoHint')}</p>
              <div className="flex flex-wrap gap-3">
                {scopeRoles.map((r) => (
                  <label key={r} className={check}>
                    <input
                      type="checkbox"
                      checked={roles.includes(r)}
                      onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
                      data-testid={`scope-role-${r}`}
                    />
                    {t(roleLabel[r])}
                  </label>
                ))}
              </div>
              {canListUsers && users.data && (
                <Choices
                  items={users.data.map((u) => ({ id: u.id, name: u.email }))}
                  chosen={userIds}
                  onChange={setUserIds}
                  testId="scope-users"
                />
              )}
            </fieldset>
            <fieldset className="space-y-1">
              <legend className="text-xs font-semibold uppercase text-slate-500">
                {t('settings.secrets.scopeWhere')}
              </legend>
              <label className={check}>
                <input
                  type="checkbox"
                  checked={anyWhere}
                  onChange={(e) => setAnyWhere(e.target.checked)}
                  data-testid="scope-anywhere"
                />
                {t('settings.secrets.scopeAnywhere')}
              </label>
              {!anyWhere && (
                <div className="space-y-2">
                  <div>
                    <p className="text-xs text-slate-500">{t('settings.secrets.scopeScripts')}</p>
                    <Choices
                      items={scripts.data?.items ?? []}
                      chosen={scriptIds}
                      onChange={setScriptIds}
                      testId="scope-scripts"
                    />
                  </div>
                  <div>
                    <p className="text-xs text-slate-500">{t('settings.secrets.scopeWorkflows')}</p>
                    <Choices
                      items={workflows.data?.items ?? []}
                      chosen={workflowIds}
                      onChange={setWorkflowIds}
                      testId="scope-workflows"
                    />
                  </div>
                  <Field label={t('settings.secrets.scopeTags')} hint={t('settings.secrets.scopeTagsHint')}>
                    <Input value={tags} onChange={(e) => setTags(e.target.value)} data-testid="scope-tags" />
                  </Field>
                </div>
              )}
            </fieldset>
          </>
        )}
      </div>
    </ConfirmDialog>
  );
}
