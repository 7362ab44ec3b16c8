'use client';
import type { ReactNode } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { Input, Select, Textarea } from '@/components/ui/field';
import type { ParamField, ParamValues } from './parameter-fields';

function ParamRow(props: { field: ParamField; error?: string; children: ReactNode }) {
  const t = useT();
  const { field } = props;
  return (
    <div className={`space-y-1 ${field.kind === 'json' ? '@md:col-span-2' : ''}`}>
      <label
        htmlFor={`param-input-${field.name}`}
        className="flex items-baseline gap-1.5 text-xs font-medium text-slate-600 dark:text-slate-400"
      >
        <span>{field.label}</span>
        {field.required && (
          <span
            className="text-red-600"
            title={t('executions.param.required')}
            aria-label={t('executions.param.required')}
          >
            *
          </span>
        )}
        {field.label !== field.name && <code className="font-mono font-normal text-slate-400">{field.name}</code>}
      </label>
      {props.children}
      {field.description && <p className="text-xs text-slate-500">{field.description}</p>}
      {props.error && (
        <p role="alert" data-testid={`param-error-${field.name}`} className="text-xs text-red-600 dark:text-red-400">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** Inputs generated from the parameter schema; `param-<name>` test ids address each one. */
export function ParametersForm(props: {
  fields: ParamField[];
  values: ParamValues;
  onChange(name: string, value: string | boolean): void;
  errors: Record<string, string>;
  disabled?: boolean;
}) {
  const t = useT();
  return (
    <div className="grid gap-3 @md:grid-cols-2">
      {props.fields.map((f) => {
        const value = props.values[f.name];
        const text = typeof value === 'string' ? value : '';
        const common = {
          id: `param-input-${f.name}`,
          'data-testid': `param-${f.name}`,
          disabled: props.disabled,
          'aria-invalid': props.errors[f.name] ? true : undefined,
          className: props.errors[f.name] ? 'border-red-500' : '',
        };
        let input: ReactNode;
        switch (f.kind) {
          case 'string':
            input = (
              <Input
                {...common}
                value={text}
                required={f.required}
                onChange={(e) => props.onChange(f.name, e.target.value)}
              />
            );
            break;
          case 'number':
            input = (
              <Input
                {...common}
                type="number"
                inputMode={f.integer ? 'numeric' : 'decimal'}
                step={f.integer ? 1 : 'any'}
                min={f.min ?? undefined}
                max={f.max ?? undefined}
                value={text}
                required={f.required}
                onChange={(e) => props.onChange(f.name, e.target.value)}
              />
            );
            break;
          case 'boolean':
            input = (
              <div className="flex h-8 items-center">
                <input
                  {...common}
                  type="checkbox"
                  className="h-4 w-4 rounded border-slate-300 accent-blue-600"
                  checked={value === true}
                  onChange={(e) => props.onChange(f.name, e.target.checked)}
                />
              </div>
            );
            break;
          case 'enum':
            input = (
              <Select {...common} value={text} onChange={(e) => props.onChange(f.name, e.target.value)}>
                <option value="">{t('executions.param.choose')}</option>
                {f.options.map((o, i) => (
                  <option key={i} value={String(i)}>
                    {typeof o === 'string' ? o : JSON.stringify(o)}
                  </option>
                ))}
              </Select>
            );
            break;
          case 'json':
            input = (
              <Textarea
                {...common}
                className={`font-mono text-xs ${common.className}`}
                rows={4}
                spellCheck={false}
                placeholder={t('executions.param.jsonPlaceholder')}
                value={text}
                onChange={(e) => props.onChange(f.name, e.target.value)}
              />
            );
            break;
        }
        return (
          <ParamRow key={f.name} field={f} error={props.errors[f.name]}>
            {input}
          </ParamRow>
        );
      })}
    </div>
  );
}
