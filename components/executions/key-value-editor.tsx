'use client';
import { useT } from '@/components/i18n/i18n-provider';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { newRow, type KeyValueRow } from './key-value-rows';

/** Name/value pairs (environment variables, schemaless parameters); errors are keyed by row id. */
export function KeyValueEditor(props: {
  rows: KeyValueRow[];
  onChange(rows: KeyValueRow[]): void;
  testIdPrefix: string;
  keyPlaceholder: string;
  valuePlaceholder: string;
  addLabel: string;
  errors?: Record<number, string>;
  /** Values whose name looks secret are typed into a password field. */
  isSecret?(key: string): boolean;
  disabled?: boolean;
}) {
  const t = useT();
  const update = (id: number, patch: Partial<KeyValueRow>) =>
    props.onChange(props.rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <div className="space-y-2">
      {props.rows.map((row, i) => {
        const error = props.errors?.[row.id];
        return (
          <div key={row.id} className="space-y-1">
            <div className="flex items-center gap-2">
              <Input
                aria-label={props.keyPlaceholder}
                placeholder={props.keyPlaceholder}
                value={row.key}
                disabled={props.disabled}
                spellCheck={false}
                data-testid={`${props.testIdPrefix}-key-${i}`}
                className={`font-mono ${error ? 'border-red-500' : ''}`}
                onChange={(e) => update(row.id, { key: e.target.value })}
              />
              <Input
                aria-label={props.valuePlaceholder}
                placeholder={props.valuePlaceholder}
                value={row.value}
                disabled={props.disabled}
                spellCheck={false}
                autoComplete="off"
                type={props.isSecret?.(row.key) ? 'password' : 'text'}
                data-testid={`${props.testIdPrefix}-value-${i}`}
                className="font-mono"
                onChange={(e) => update(row.id, { value: e.target.value })}
              />
              <Button
                variant="ghost"
                aria-label={t('executions.kv.remove')}
                title={t('executions.kv.remove')}
                disabled={props.disabled}
                data-testid={`${props.testIdPrefix}-remove-${i}`}
                onClick={() => props.onChange(props.rows.filter((r) => r.id !== row.id))}
              >
                ✕
              </Button>
            </div>
            {error && (
              <p role="alert" className="text-xs text-red-600 dark:text-red-400">
                {error}
              </p>
            )}
          </div>
        );
      })}
      <Button
        variant="secondary"
        disabled={props.disabled}
        data-testid={`${props.testIdPrefix}-add`}
        onClick={() => props.onChange([...props.rows, newRow()])}
      >
        + {props.addLabel}
      </Button>
    </div>
  );
}
