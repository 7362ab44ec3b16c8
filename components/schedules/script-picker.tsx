'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Select } from '@/components/ui/field';

export interface ScriptOption {
  id: string;
  name: string;
  status: string;
}

/** Scripts a schedule or trigger can target (archived ones are left out by the list). */
export function useScriptOptions(): ScriptOption[] {
  const trpc = useTRPC();
  const q = useQuery(trpc.scripts.list.queryOptions({ page_size: 200, sort: 'name', order: 'asc' }));
  return (q.data?.items ?? []).map((s) => ({ id: s.id, name: s.name, status: s.status }));
}

export function ScriptPicker(props: { value: string; onChange(id: string): void; placeholder: string; testId: string; options: ScriptOption[] }) {
  return (
    <Select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
      <option value="">{props.placeholder}</option>
      {props.options.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
          {s.status !== 'active' ? ` (${s.status})` : ''}
        </option>
      ))}
    </Select>
  );
}
