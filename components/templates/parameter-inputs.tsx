'use client';
import type { ReactNode } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { Input, Select, Textarea } from '@/components/ui/field';
import type { FormValue, FormValues, TemplateParameter } from './template-types';

function Row(props: { p: TemplateParameter; error?: string; children: ReactNode; hint?: string }) {
  const t = useT();
  const { p } = props;
  return (
    <div className="space-y-1">
      <label
        htmlFor={`tpl-param-${p.name}`}
        className="flex items-baseline gap-1.5 text-xs font-medium text-slate-600 dark:text-slate-400"
      >
        <span>{p.label || p.name}</span>
        {p.required && (
          <span
            className="text-red-600"
            title={t('templates.param.required')}
            aria-label={t('templates.param.required')}
          >
            *
          </span>
        )}
        {p.label && p.label !== p.name && <code className="font-mono font-normal text-slate-400">{p.name}</code>}
      </label>
      {props.children}
      {p.description && <p className="text-xs text-slate-500">{p.description}</p>}
      {props.hint && <p className="text-xs text-slate-500">{props.hint}</p>}
      {props.error && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400" data-testid={`tpl-param-error-${p.name}`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** One input per template parameter, generated from its type; `tpl-param-<name>` addresses each. */
export function ParameterInputs(props: {
  parameters: readonly TemplateParameter[];
  values: FormValues;
  errors: Partial<Record<string, string>>;
  onChange(name: string, value: FormValue): void;
  disabled?: boolean;
}) {
  const t = useT();
  return (
    <div className="space-y-3" data-testid="template-parameters-form">
      {props.parameters.map((p) => {
        const value = props.values[p.name];
        const text = typeof value === 'string' ? value : '';
        const common = {
          id: `tpl-param-${p.name}`,
          'data-testid': `tpl-param-${p.name}`,
          disabled: props.disabled,
          'aria-invalid': props.errors[p.name] ? true : undefined,
          className: props.errors[p.name] ? 'border-red-500' : '',
        };
        switch (p.type) {
          case 'boolean':
            return (
              <Row key={p.name} p={p} error={props.errors[p.name]}>
                <input
                  type="checkbox"
                  {...common}
                  className="h-4 w-4"
                  checked={value === true}
                  onChange={(e) => props.onChange(p.name, e.target.checked)}
                />
              </Row>
            );
          case 'enum':
            return (
              <Row key={p.name} p={p} error={props.errors[p.name]}>
                <Select {...common} value={text} onChange={(e) => props.onChange(p.name, e.target.value)}>
                  {!p.required && <option value="">—</option>}
                  {(p.validation.options ?? []).map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </Select>
              </Row>
            );
          case 'number':
            return (
              <Row key={p.name} p={p} error={props.errors[p.name]}>
                <Input
                  {...common}
                  type="number"
                  step="any"
                  min={p.validation.min}
                  max={p.validation.max}
                  value={text}
                  onChange={(e) => props.onChange(p.name, e.target.value)}
                />
              </Row>
            );
          case 'secret':
            return (
              <Row key={p.name} p={p} error={props.errors[p.name]} hint={t('templates.param.secretHint')}>
                <Input
                  {...common}
                  className={`${common.className} font-mono`}
                  placeholder="SECRET_NAME"
                  autoComplete="off"
                  value={text}
                  onChange={(e) => props.onChange(p.name, e.target.value.toUpperCase())}
                />
              </Row>
            );
          case 'string': {
            const long = (p.validation.max ?? 1000) > 500 && !p.validation.pattern;
            return (
              <Row key={p.name} p={p} error={props.errors[p.name]}>
                {long ? (
                  <Textarea
                    {...common}
                    rows={text.includes('\n') ? 4 : 2}
                    value={text}
                    onChange={(e) => props.onChange(p.name, e.target.value)}
                  />
                ) : (
                  <Input {...common} value={text} onChange={(e) => props.onChange(p.name, e.target.value)} />
                )}
              </Row>
            );
          }
        }
      })}
    </div>
  );
}
