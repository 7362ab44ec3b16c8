'use client';
import { useT } from '@/components/i18n/i18n-provider';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { PARAMETER_TYPES, type ParameterInput, type ParameterType, type TemplateParameter } from './template-types';

/** A parameter as the editor holds it: every field as typed, converted when sent. */
export interface ParamDraft {
  key: number;
  name: string;
  label: string;
  type: ParameterType;
  required: boolean;
  default: string | boolean;
  description: string;
  pattern: string;
  min: string;
  max: string;
  options: string;
}

let nextKey = 1;

export function newParamDraft(patch: Partial<ParamDraft> = {}): ParamDraft {
  return {
    key: nextKey++,
    name: '',
    label: '',
    type: 'string',
    required: false,
    default: '',
    description: '',
    pattern: '',
    min: '',
    max: '',
    options: '',
    ...patch,
  };
}

export function paramDraftFrom(p: TemplateParameter): ParamDraft {
  return newParamDraft({
    name: p.name,
    label: p.label,
    type: p.type,
    required: p.required,
    default:
      p.type === 'boolean'
        ? p.default === true
        : p.default === undefined || p.default === null
          ? ''
          : String(p.default),
    description: p.description,
    pattern: p.validation.pattern ?? '',
    min: p.validation.min === undefined ? '' : String(p.validation.min),
    max: p.validation.max === undefined ? '' : String(p.validation.max),
    options: (p.validation.options ?? []).join(', '),
  });
}

const num = (s: string) => (s.trim() === '' ? undefined : Number(s));

/** What the API takes; values the server will refuse are sent as typed so it names the field. */
export function paramInput(d: ParamDraft): ParameterInput {
  const text = typeof d.default === 'string' ? d.default : '';
  const def =
    d.type === 'boolean'
      ? d.default === true
      : text === ''
        ? undefined
        : d.type === 'number' && !Number.isNaN(Number(text))
          ? Number(text)
          : text;
  const validation: ParameterInput['validation'] = {};
  if (d.type === 'string' && d.pattern) validation.pattern = d.pattern;
  if ((d.type === 'string' || d.type === 'number') && num(d.min) !== undefined) validation.min = num(d.min);
  if ((d.type === 'string' || d.type === 'number') && num(d.max) !== undefined) validation.max = num(d.max);
  if (d.type === 'enum')
    validation.options = d.options
      .split(/[,\n]/)
      .map((o) => o.trim())
      .filter(Boolean);
  return {
    name: d.name.trim(),
    label: d.label.trim(),
    type: d.type,
    required: d.required,
    default: def,
    description: d.description,
    validation,
  };
}

/** The parameter list of a template: add, remove, reorder, and set each one's type and rules. */
export function ParametersEditor(props: {
  params: ParamDraft[];
  onChange(params: ParamDraft[]): void;
  errors: Record<number, string[]>;
}) {
  const t = useT();
  const { params } = props;
  const set = (i: number, patch: Partial<ParamDraft>) =>
    props.onChange(params.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const move = (i: number, by: number) => {
    const next = [...params];
    const [p] = next.splice(i, 1);
    next.splice(i + by, 0, p!);
    props.onChange(next);
  };
  return (
    <div className="space-y-3" data-testid="parameters-editor">
      {params.length === 0 && <p className="text-xs text-slate-500">{t('templates.params.none')}</p>}
      {params.map((p, i) => (
        <fieldset
          key={p.key}
          className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-800"
          data-testid={`param-row-${i}`}
        >
          <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
            <Input
              aria-label={t('templates.params.name')}
              placeholder={t('templates.params.name')}
              className="font-mono"
              value={p.name}
              onChange={(e) => set(i, { name: e.target.value })}
              data-testid={`param-name-${i}`}
            />
            <Input
              aria-label={t('templates.params.label')}
              placeholder={t('templates.params.label')}
              value={p.label}
              onChange={(e) => set(i, { label: e.target.value })}
              data-testid={`param-label-${i}`}
            />
            <Select
              aria-label={t('templates.params.type')}
              value={p.type}
              onChange={(e) =>
                set(i, { type: e.target.value as ParameterType, default: e.target.value === 'boolean' ? false : '' })
              }
              data-testid={`param-type-${i}`}
            >
              {PARAMETER_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`templates.type.${type}`)}
                </option>
              ))}
            </Select>
            {p.type === 'boolean' ? (
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={p.default === true}
                  onChange={(e) => set(i, { default: e.target.checked })}
                  data-testid={`param-default-${i}`}
                />
                {t('templates.params.defaultOn')}
              </label>
            ) : (
              <Input
                aria-label={t('templates.params.default')}
                placeholder={p.type === 'secret' ? 'SECRET_NAME' : t('templates.params.default')}
                value={typeof p.default === 'string' ? p.default : ''}
                onChange={(e) => set(i, { default: e.target.value })}
                data-testid={`param-default-${i}`}
              />
            )}
          </div>
          <Input
            aria-label={t('templates.params.description')}
            placeholder={t('templates.params.description')}
            value={p.description}
            onChange={(e) => set(i, { description: e.target.value })}
            data-testid={`param-description-${i}`}
          />
          <div className="flex flex-wrap items-center gap-2">
            {p.type === 'string' && (
              <div className="w-48">
                <Input
                  className="font-mono"
                  aria-label={t('templates.params.pattern')}
                  placeholder={t('templates.params.pattern')}
                  value={p.pattern}
                  onChange={(e) => set(i, { pattern: e.target.value })}
                />
              </div>
            )}
            {(p.type === 'string' || p.type === 'number') && (
              <>
                <div className="w-28">
                  <Input
                    type="number"
                    aria-label={p.type === 'string' ? t('templates.params.minLength') : t('templates.params.min')}
                    placeholder={p.type === 'string' ? t('templates.params.minLength') : t('templates.params.min')}
                    value={p.min}
                    onChange={(e) => set(i, { min: e.target.value })}
                  />
                </div>
                <div className="w-28">
                  <Input
                    type="number"
                    aria-label={p.type === 'string' ? t('templates.params.maxLength') : t('templates.params.max')}
                    placeholder={p.type === 'string' ? t('templates.params.maxLength') : t('templates.params.max')}
                    value={p.max}
                    onChange={(e) => set(i, { max: e.target.value })}
                  />
                </div>
              </>
            )}
            {p.type === 'enum' && (
              <div className="min-w-60 flex-1">
                <Input
                  aria-label={t('templates.params.options')}
                  placeholder={t('templates.params.options')}
                  value={p.options}
                  onChange={(e) => set(i, { options: e.target.value })}
                  data-testid={`param-options-${i}`}
                />
              </div>
            )}
            <label className="flex items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                checked={p.required}
                onChange={(e) => set(i, { required: e.target.checked })}
                data-testid={`param-required-${i}`}
              />
              {t('templates.param.required')}
            </label>
            <div className="ml-auto flex gap-1">
              <Button
                variant="ghost"
                disabled={i === 0}
                onClick={() => move(i, -1)}
                aria-label={t('templates.params.up')}
              >
                ↑
              </Button>
              <Button
                variant="ghost"
                disabled={i === params.length - 1}
                onClick={() => move(i, 1)}
                aria-label={t('templates.params.down')}
              >
                ↓
              </Button>
              <Button
                variant="ghost"
                onClick={() => props.onChange(params.filter((_, j) => j !== i))}
                data-testid={`param-remove-${i}`}
              >
                {t('templates.params.remove')}
              </Button>
            </div>
          </div>
          {p.type === 'secret' && <p className="text-xs text-slate-500">{t('templates.params.secretHint')}</p>}
          {(props.errors[i] ?? []).map((m, n) => (
            <p key={n} role="alert" className="text-xs text-red-600">
              {m}
            </p>
          ))}
        </fieldset>
      ))}
      <Button variant="secondary" onClick={() => props.onChange([...params, newParamDraft()])} data-testid="param-add">
        + {t('templates.params.add')}
      </Button>
    </div>
  );
}
