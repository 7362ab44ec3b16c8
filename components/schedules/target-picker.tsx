'use client';
import { useQuery } from '@tanstack/react-query';
import { useT } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Select } from '@/components/ui/field';

export type TargetType = 'script' | 'workflow';

export interface TargetOption {
  id: string;
  name: string;
  status: string;
}

/** Scripts and workflows a schedule or trigger can target (archived ones are left out by the lists). */
export function useTargetOptions(): Record<TargetType, TargetOption[]> {
  const trpc = useTRPC();
  const scripts = useQuery(trpc.scripts.list.queryOptions({ page_size: 200, sort: 'name', order: 'asc' }));
  const workflows = useQuery(trpc.workflows.list.queryOptions({ page_size: 200, sort: 'name', order: 'asc' }));
  return {
    script: (scripts.data?.items ?? []).map((s) => ({ id: s.id, name: s.name, status: s.status })),
    workflow: (workflows.data?.items ?? []).map((w) => ({ id: w.id, name: w.name, status: w.status })),
  };
}

/**
 * The JSON Schema a target's input must match (a script's parameters, a workflow's input), so
 * schedules and triggers build the same form as the Run panel; `data` is null without one.
 */
export function useTargetSchema(
  type: TargetType,
  id: string,
): {
  data: Record<string, unknown> | null;
  loading: boolean;
} {
  const trpc = useTRPC();
  const script = useQuery({ ...trpc.scripts.get.queryOptions({ id }), enabled: type === 'script' && id !== '' });
  const workflow = useQuery({ ...trpc.workflows.get.queryOptions({ id }), enabled: type === 'workflow' && id !== '' });
  const q = type === 'script' ? script : workflow;
  const data = type === 'script' ? script.data?.parameters_schema : workflow.data?.input_schema;
  return { data: (data as Record<string, unknown> | null | undefined) ?? null, loading: id !== '' && q.isPending };
}

/** Where the target (and a run it started) is shown in the UI. */
export const targetHref = (type: TargetType, id: string) => (type === 'script' ? `/scripts/${id}` : `/workflows/${id}`);
export const runHref = (kind: 'execution' | 'workflow_run', id: string) =>
  kind === 'execution' ? `/executions/${id}` : `/workflows/runs/${id}`;

/** Kind (script or workflow) and the item, as two selects. */
export function TargetPicker(props: {
  type: TargetType;
  id: string;
  onChange(type: TargetType, id: string): void;
  options: Record<TargetType, TargetOption[]>;
  placeholder: string;
  testId: string;
}) {
  const t = useT();
  return (
    <div className="flex gap-2">
      <Select
        className="w-40"
        value={props.type}
        onChange={(e) => props.onChange(e.target.value as TargetType, '')}
        data-testid={`${props.testId}-type`}
      >
        <option value="script">{t('nav.scripts')}</option>
        <option value="workflow">{t('nav.workflows')}</option>
      </Select>
      <Select value={props.id} onChange={(e) => props.onChange(props.type, e.target.value)} data-testid={props.testId}>
        <option value="">{props.placeholder}</option>
        {props.options[props.type].map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
            {s.status !== 'active' ? ` (${s.status})` : ''}
          </option>
        ))}
      </Select>
    </div>
  );
}
