'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { serverProblem } from '@/components/scripts/server-problem';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Input, Select } from '@/components/ui/field';
import {
  hostResourceKinds,
  hostResourceModes,
  type HostResourceKind,
  type HostResourceMode,
} from '@/server/host-resources/host-resource-kinds.shared';
import { roleLabel } from '../settings-format';

const GRANTING_ROLES = ['editor', 'operator', 'viewer'] as const;
const empty = {
  name: '',
  path: '',
  kind: 'directory' as HostResourceKind,
  mode: 'read-only' as HostResourceMode,
  description: '',
  grant_roles: [] as string[],
  users: '',
};

/** Defines a host resource (admins). The server judges the path and says which rule refused it. */
export function HostResourceForm() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(empty);
  const [saved, setSaved] = useState<string | null>(null);
  const create = useMutation(
    trpc.hostResources.create.mutationOptions({
      onSuccess: async (r) => {
        setForm(empty);
        setSaved(t('hostResources.created', { name: r.name }));
        await queryClient.invalidateQueries({ queryKey: trpc.hostResources.list.queryKey() });
      },
    }),
  );
  const problem = serverProblem(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const { users, grant_roles, ...rest } = form;
    create.mutate({
      ...rest,
      grant_roles: grant_roles as (typeof GRANTING_ROLES)[number][],
      grant_user_ids: users.split(/\s+/).filter(Boolean),
    });
  };
  const toggleRole = (role: string) =>
    setForm({
      ...form,
      grant_roles: form.grant_roles.includes(role)
        ? form.grant_roles.filter((r) => r !== role)
        : [...form.grant_roles, role],
    });
  return (
    <Card title={t('hostResources.new')}>
      <form
        onSubmit={submit}
        className="grid items-start gap-3 sm:grid-cols-2 lg:grid-cols-4"
        data-testid="host-resource-form"
      >
        <Field label={t('hostResources.name')} hint={t('hostResources.nameRule')} error={problem?.byField.name}>
          <Input
            required
            value={form.name}
            maxLength={63}
            onChange={(e) => setForm({ ...form, name: e.target.value.toLowerCase() })}
            className="font-mono"
            data-testid="host-resource-name"
          />
        </Field>
        <Field label={t('hostResources.path')} hint={t('hostResources.pathHint')} error={problem?.byField.path}>
          <Input
            required
            value={form.path}
            maxLength={4096}
            onChange={(e) => setForm({ ...form, path: e.target.value })}
            className="font-mono"
            placeholder="/srv/recordings"
            data-testid="host-resource-path"
          />
        </Field>
        <Field label={t('hostResources.kind')} error={problem?.byField.kind}>
          <Select
            value={form.kind}
            onChange={(e) =>
              setForm({
                ...form,
                kind: e.target.value as HostResourceKind,
                mode: e.target.value === 'device' ? 'read-write' : form.mode,
              })
            }
            data-testid="host-resource-kind"
          >
            {hostResourceKinds.map((k) => (
              <option key={k} value={k}>
                {t(`hostResources.kind.${k}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('hostResources.mode')} error={problem?.byField.mode}>
          <Select
            value={form.mode}
            onChange={(e) => setForm({ ...form, mode: e.target.value as HostResourceMode })}
            data-testid="host-resource-mode"
          >
            {hostResourceModes.map((m) => (
              <option key={m} value={m}>
                {t(`hostResources.mode.${m}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('hostResources.description')} error={problem?.byField.description}>
          <Input
            value={form.description}
            maxLength={2000}
            onChange={(e) => setForm({ ...form, description: e.target.value })}
            data-testid="host-resource-description"
          />
        </Field>
        <Field label={t('hostResources.grantRoles')} error={problem?.byField.grant_roles}>
          <div className="flex flex-wrap gap-3 pt-1 text-sm">
            {GRANTING_ROLES.map((role) => (
              <label key={role} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={form.grant_roles.includes(role)}
                  onChange={() => toggleRole(role)}
                  data-testid={`host-resource-role-${role}`}
                />
                {t(roleLabel[role])}
              </label>
            ))}
          </div>
        </Field>
        <Field label={t('hostResources.grantUsers')} error={problem?.byField.grant_user_ids}>
          <Input
            value={form.users}
            onChange={(e) => setForm({ ...form, users: e.target.value })}
            className="font-mono"
            data-testid="host-resource-users"
          />
        </Field>
        <div className="flex justify-end pt-5">
          <Button type="submit" disabled={create.isPending} data-testid="save-host-resource">
            {t('hostResources.create')}
          </Button>
        </div>
      </form>
      {problem && (
        <p role="alert" className="mt-2 text-sm text-red-600" data-testid="host-resource-error">
          {problem.message}
        </p>
      )}
      {saved && (
        <p role="status" className="mt-2 text-sm text-green-700 dark:text-green-400" data-testid="host-resource-saved">
          {saved}
        </p>
      )}
    </Card>
  );
}
