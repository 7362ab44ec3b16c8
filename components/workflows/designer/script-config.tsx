'use client';
import Link from 'next/link';
import { useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { KeyValueEditor } from '@/components/executions/key-value-editor';
import { newRow, rowsToRecord, type KeyValueRow } from '@/components/executions/key-value-rows';
import { fieldsFromSchema, type ParamField } from '@/components/executions/parameter-fields';
import type { NodeOf, ParameterMapping } from '@/components/flow/graph-types';
import { Button } from '@/components/ui/button';
import { Field, FieldGroupLabel, Input, Select } from './inspector-fields';
import { LooseValueInput } from './loose-value-input';
import type { PaletteScript } from '../workflow-types';
import { isSensitiveName } from '@/server/executions/sensitive-env.shared';

type ScriptNode = NodeOf<'script'>;
type Config = ScriptNode['config'];

function ModeToggle(props: {
  mode: ParameterMapping['mode'];
  onChange(mode: ParameterMapping['mode']): void;
  name: string;
}) {
  const t = useT();
  const option = (mode: ParameterMapping['mode'], label: string) => (
    <button
      type="button"
      onClick={() => props.onChange(mode)}
      aria-pressed={props.mode === mode}
      data-testid={`param-mode-${props.name}-${mode}`}
      className={`px-2 py-0.5 text-[11px] font-medium ${props.mode === mode ? 'bg-blue-600 text-white' : 'text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
    >
      {label}
    </button>
  );
  return (
    <span className="inline-flex overflow-hidden rounded border border-slate-300 dark:border-slate-600">
      {option('literal', t('workflows.param.literal'))}
      {option('expression', t('workflows.param.expression'))}
    </span>
  );
}

/** A literal input shaped by the parameter's JSON Schema type. */
function LiteralInput(props: { field: ParamField | null; name: string; value: unknown; onChange(v: unknown): void }) {
  const t = useT();
  const id = `param-literal-${props.name}`;
  const f = props.field;
  if (f?.kind === 'string') {
    return (
      <Input
        data-testid={id}
        value={
          typeof props.value === 'string' ? props.value : props.value === undefined ? '' : JSON.stringify(props.value)
        }
        onChange={(e) => props.onChange(e.target.value)}
      />
    );
  }
  if (f?.kind === 'boolean') {
    return (
      <Select
        data-testid={id}
        value={props.value === true ? 'true' : props.value === false ? 'false' : ''}
        onChange={(e) => props.onChange(e.target.value === '' ? '' : e.target.value === 'true')}
      >
        <option value="">{t('workflows.param.unset')}</option>
        <option value="true">true</option>
        <option value="false">false</option>
      </Select>
    );
  }
  if (f?.kind === 'enum') {
    const index = f.options.findIndex((o) => JSON.stringify(o) === JSON.stringify(props.value));
    return (
      <Select
        data-testid={id}
        value={index >= 0 ? String(index) : ''}
        onChange={(e) => props.onChange(e.target.value === '' ? '' : f.options[Number(e.target.value)])}
      >
        <option value="">{t('workflows.param.unset')}</option>
        {f.options.map((o, i) => (
          <option key={i} value={String(i)}>
            {typeof o === 'string' ? o : JSON.stringify(o)}
          </option>
        ))}
      </Select>
    );
  }
  return (
    <LooseValueInput
      data-testid={id}
      multiline={f?.kind === 'json'}
      value={props.value}
      onChange={props.onChange}
      placeholder={f?.kind === 'number' ? '0' : t('workflows.param.jsonHint')}
    />
  );
}

function MappingRow(props: {
  name: string;
  field: ParamField | null;
  mapping: ParameterMapping | undefined;
  onChange(m: ParameterMapping | undefined): void;
  onRemove?(): void;
}) {
  const t = useT();
  const { mapping, name } = props;
  const mode = mapping?.mode ?? 'literal';
  return (
    <div
      className="space-y-1 rounded-md border border-slate-200 p-2 dark:border-slate-700"
      data-testid={`param-row-${name}`}
    >
      <div className="flex items-center gap-2">
        <code className="min-w-0 flex-1 truncate text-xs font-semibold" title={props.field?.description ?? undefined}>
          {name}
          {props.field?.required && (
            <span className="ml-0.5 text-red-600" aria-label={t('executions.param.required')}>
              *
            </span>
          )}
        </code>
        <ModeToggle
          name={name}
          mode={mode}
          onChange={(m) => {
            if (m === mode) return;
            // Switching keeps what was typed where it makes sense: a literal string becomes the expression text.
            if (m === 'expression')
              props.onChange({
                mode: 'expression',
                expression: mapping?.mode === 'literal' && typeof mapping.value === 'string' ? mapping.value : '',
              });
            else props.onChange(undefined);
          }}
        />
        {props.onRemove && (
          <button
            type="button"
            onClick={props.onRemove}
            className="text-xs text-slate-400 hover:text-red-600"
            aria-label={t('workflows.param.remove', { name })}
            data-testid={`param-remove-${name}`}
          >
            ✕
          </button>
        )}
      </div>
      {mode === 'expression' ? (
        <Input
          className="font-mono text-xs"
          data-testid={`param-expression-${name}`}
          value={mapping?.mode === 'expression' ? mapping.expression : ''}
          placeholder="nodes.step_1.output.value"
          spellCheck={false}
          onChange={(e) => props.onChange({ mode: 'expression', expression: e.target.value })}
        />
      ) : (
        <LiteralInput
          field={props.field}
          name={name}
          value={mapping?.mode === 'literal' ? mapping.value : undefined}
          onChange={(v) => props.onChange(v === '' ? undefined : { mode: 'literal', value: v })}
        />
      )}
      {props.field?.description && <p className="text-[11px] text-slate-500">{props.field.description}</p>}
    </div>
  );
}

const rowsOf = (env: Record<string, string>) => Object.entries(env).map(([k, v]) => newRow(k, v));
const sameEnv = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The node's run environment. `{{secret:NAME}}` references are checked against the scope of each
 * secret when the workflow is saved (for whoever saves it) and when the node runs.
 */
function NodeEnvironment(props: { value: Record<string, string>; onChange(env: Record<string, string>): void }) {
  const t = useT();
  const [rows, setRows] = useState<KeyValueRow[]>(() => rowsOf(props.value));
  // Changed from outside (undo, another node's config): start again from the saved value.
  if (!sameEnv(rowsToRecord(rows).record, props.value)) setRows(rowsOf(props.value));
  const { errors } = rowsToRecord(rows);
  return (
    <div className="space-y-2" data-testid="node-env">
      <FieldGroupLabel>{t('workflows.inspector.environment')}</FieldGroupLabel>
      <p className="text-[11px] leading-4 text-slate-500">{t('workflows.inspector.environmentHelp')}</p>
      <KeyValueEditor
        rows={rows}
        onChange={(next) => {
          setRows(next);
          props.onChange(rowsToRecord(next).record);
        }}
        testIdPrefix="node-env"
        keyPlaceholder={t('executions.kv.envName')}
        valuePlaceholder={t('executions.kv.value')}
        addLabel={t('executions.run.addVariable')}
        errors={Object.fromEntries(Object.entries(errors).map(([id, key]) => [Number(id), t(key)]))}
        isSecret={isSensitiveName}
      />
    </div>
  );
}

/** Script node settings: which script, which version, and how each of its parameters is filled. */
export function ScriptConfigForm(props: {
  node: ScriptNode;
  scripts: PaletteScript[];
  onChange(config: Config, key: string): void;
  onLabelSuggest(label: string): void;
}) {
  const t = useT();
  const { config } = props.node;
  const script = props.scripts.find((s) => s.id === config.script_id) ?? null;
  const fields = fieldsFromSchema(script?.parameters_schema ?? null);
  const fieldNames = new Set(fields?.map((f) => f.name));
  const extra = Object.keys(config.parameters).filter((n) => !fieldNames.has(n));
  const [newName, setNewName] = useState('');

  const setParam = (name: string, m: ParameterMapping | undefined) => {
    const parameters = { ...config.parameters };
    if (m) parameters[name] = m;
    else delete parameters[name];
    props.onChange({ ...config, parameters }, `param:${name}`);
  };

  return (
    <div className="space-y-3">
      <Field label={t('workflows.inspector.script')}>
        <Select
          data-testid="inspector-script"
          value={config.script_id ?? ''}
          onChange={(e) => {
            const next = props.scripts.find((s) => s.id === e.target.value);
            props.onChange(
              {
                script_id: e.target.value || null,
                script_version: null,
                retry_on_worker_loss: config.retry_on_worker_loss,
                parameters: {},
                environment_vars: config.environment_vars ?? {},
              },
              'script',
            );
            if (next) props.onLabelSuggest(next.name);
          }}
        >
          <option value="">{t('workflows.inspector.chooseScript')}</option>
          {config.script_id && !script && (
            <option value={config.script_id}>{t('workflows.inspector.unknownScript')}</option>
          )}
          {props.scripts.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
              {s.status === 'active' ? '' : ` (${t(`scripts.status.${s.status}`)})`}
            </option>
          ))}
        </Select>
      </Field>
      {script && (
        <div className="flex items-end gap-2">
          <div className="flex-1">
            <Field label={t('workflows.inspector.version')}>
              <Select
                data-testid="inspector-script-version"
                value={config.script_version == null ? '' : String(config.script_version)}
                onChange={(e) =>
                  props.onChange(
                    { ...config, script_version: e.target.value ? Number(e.target.value) : null },
                    'version',
                  )
                }
              >
                <option value="">{t('workflows.inspector.latestVersion', { n: script.version })}</option>
                {Array.from({ length: script.version }, (_, i) => script.version - i).map((v) => (
                  <option key={v} value={String(v)}>
                    {t('workflows.inspector.pinVersion', { n: v })}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Link
            href={`/scripts/${script.id}`}
            target="_blank"
            className="pb-1.5 text-xs text-blue-600 hover:underline dark:text-blue-400"
          >
            {t('workflows.inspector.openScript')}
          </Link>
        </div>
      )}
      {script && (
        <div className="space-y-2">
          <FieldGroupLabel>{t('workflows.inspector.parameters')}</FieldGroupLabel>
          <p className="text-[11px] leading-4 text-slate-500">{t('workflows.param.help')}</p>
          {fields?.map((f) => (
            <MappingRow
              key={f.name}
              name={f.name}
              field={f}
              mapping={config.parameters[f.name]}
              onChange={(m) => setParam(f.name, m)}
            />
          ))}
          {extra.map((name) => (
            <MappingRow
              key={name}
              name={name}
              field={null}
              mapping={config.parameters[name]}
              onChange={(m) => setParam(name, m)}
              onRemove={() => setParam(name, undefined)}
            />
          ))}
          {!fields && extra.length === 0 && <p className="text-xs text-slate-500">{t('workflows.param.noSchema')}</p>}
          <form
            className="flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              const name = newName.trim();
              if (!name || name in config.parameters) return;
              setParam(name, { mode: 'literal', value: '' });
              setNewName('');
            }}
          >
            <Input
              value={newName}
              onChange={(e) => setNewName(e.target.value)}
              placeholder={t('workflows.param.newName')}
              aria-label={t('workflows.param.newName')}
              data-testid="param-new-name"
            />
            <Button type="submit" variant="secondary" disabled={!newName.trim()} data-testid="param-add">
              {t('workflows.param.add')}
            </Button>
          </form>
        </div>
      )}
      {script && (
        <NodeEnvironment
          key={props.node.key}
          value={config.environment_vars ?? {}}
          onChange={(env) => props.onChange({ ...config, environment_vars: env }, 'env')}
        />
      )}
    </div>
  );
}
