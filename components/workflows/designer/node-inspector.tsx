'use client';
import { useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import type { StepData } from '@/components/flow/graph-convert';
import { errorPolicyList, type ErrorPolicy } from '@/components/flow/graph-types';
import { NodeIcon } from '@/components/flow/node-icons';
import { nodeTone, nodeTypeHint, nodeTypeLabel } from '@/components/flow/node-meta';
import { Button } from '@/components/ui/button';
import { ConditionConfigForm } from './condition-config';
import { Field, FieldGroupLabel, Input, Segmented } from './inspector-fields';
import { ScriptConfigForm } from './script-config';
import type { PaletteScript } from '../workflow-types';

const KEY_RE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Whole numbers ≥ min, or null for "use the script's own setting". */
function optionalInt(text: string, min: number): number | null | undefined {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isInteger(n) && n >= min ? n : undefined;
}

function KeyField(props: {
  nodeKey: string;
  taken: ReadonlySet<string>;
  onRename(key: string): void;
  readOnly: boolean;
}) {
  const t = useT();
  const [text, setText] = useState(props.nodeKey);
  const [forKey, setForKey] = useState(props.nodeKey);
  if (forKey !== props.nodeKey) {
    setForKey(props.nodeKey);
    setText(props.nodeKey);
  }
  const error =
    text === props.nodeKey
      ? null
      : !KEY_RE.test(text)
        ? t('workflows.inspector.keyInvalid')
        : props.taken.has(text)
          ? t('workflows.inspector.keyTaken')
          : null;
  const commit = () => {
    if (text !== props.nodeKey && !error) props.onRename(text);
    else setText(props.nodeKey);
  };
  return (
    <Field
      label={t('workflows.inspector.key')}
      hint={error ? undefined : t('workflows.inspector.keyHint', { key: props.nodeKey })}
      error={error}
    >
      <Input
        className="font-mono text-xs"
        data-testid="inspector-key"
        value={text}
        readOnly={props.readOnly}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setText(props.nodeKey);
        }}
      />
    </Field>
  );
}

/** The side panel for one selected node: its label, key, type settings and execution policy. */
export function NodeInspector(props: {
  nodeKey: string;
  data: StepData;
  issues: string[];
  scripts: PaletteScript[];
  takenKeys: ReadonlySet<string>;
  readOnly: boolean;
  onChange(change: (d: StepData) => StepData, key: string): void;
  onRename(newKey: string): void;
  onDelete(): void;
}) {
  const t = useT();
  const { data } = props;
  const tone = nodeTone[data.type];
  const change = props.onChange;
  return (
    <div className="space-y-4" data-testid="node-inspector" data-node-key={props.nodeKey}>
      <div className="flex items-center gap-2">
        <span className={`flex h-8 w-8 items-center justify-center rounded-md ${tone.icon}`}>
          <NodeIcon type={data.type} />
        </span>
        <div className="min-w-0">
          <div className="text-sm font-semibold">{t(nodeTypeLabel[data.type])}</div>
          <div className="text-xs text-slate-500">{t(nodeTypeHint[data.type])}</div>
        </div>
      </div>
      {props.issues.length > 0 && (
        <ul
          className="space-y-1 rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-700 dark:border-red-900 dark:bg-red-950/50 dark:text-red-300"
          data-testid="inspector-issues"
        >
          {props.issues.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
      <fieldset disabled={props.readOnly} className="space-y-4">
        <Field label={t('workflows.inspector.label')}>
          <Input
            data-testid="inspector-label"
            value={data.label}
            maxLength={200}
            onChange={(e) => change((d) => ({ ...d, label: e.target.value }), 'label')}
          />
        </Field>
        <KeyField nodeKey={props.nodeKey} taken={props.takenKeys} onRename={props.onRename} readOnly={props.readOnly} />

        {data.type === 'script' && (
          <ScriptConfigForm
            node={{ ...data, key: props.nodeKey, position: { x: 0, y: 0 } }}
            scripts={props.scripts}
            onChange={(config, key) => change((d) => (d.type === 'script' ? { ...d, config } : d), key)}
            onLabelSuggest={(label) =>
              change(
                (d) => (d.label && !d.label.startsWith(t('workflows.node.script')) ? d : { ...d, label }),
                'script',
              )
            }
          />
        )}
        {data.type === 'condition' && (
          <ConditionConfigForm
            config={data.config}
            onChange={(config, key) => change((d) => (d.type === 'condition' ? { ...d, config } : d), key)}
          />
        )}
        {data.type === 'join' && (
          <Field
            label={t('workflows.inspector.joinMode')}
            hint={
              data.config.mode === 'first'
                ? t('workflows.inspector.joinFirstHint')
                : t('workflows.inspector.joinAllHint')
            }
          >
            <Segmented
              testId="join-mode"
              value={data.config.mode}
              options={[
                { value: 'all', label: t('workflows.inspector.joinAll') },
                { value: 'first', label: t('workflows.inspector.joinFirst') },
              ]}
              onChange={(mode) => change((d) => (d.type === 'join' ? { ...d, config: { mode } } : d), 'join')}
            />
          </Field>
        )}
        {data.type === 'delay' && (
          <Field label={t('workflows.inspector.delaySeconds')}>
            <Input
              type="number"
              min={0}
              max={604800}
              data-testid="inspector-delay"
              value={data.config.seconds}
              onChange={(e) => {
                const seconds = Number(e.target.value);
                if (Number.isFinite(seconds) && seconds >= 0)
                  change((d) => (d.type === 'delay' ? { ...d, config: { seconds } } : d), 'delay');
              }}
            />
          </Field>
        )}

        {data.type !== 'start' && data.type !== 'end' && (
          <div className="space-y-3 border-t border-slate-200 pt-3 dark:border-slate-800">
            <FieldGroupLabel>{t('workflows.inspector.execution')}</FieldGroupLabel>
            {data.type === 'script' && (
              <div className="grid grid-cols-2 gap-2">
                <Field label={t('workflows.inspector.timeout')}>
                  <Input
                    type="number"
                    min={1}
                    data-testid="inspector-timeout"
                    placeholder={t('workflows.inspector.scriptDefault')}
                    value={data.timeout_seconds ?? ''}
                    onChange={(e) => {
                      const v = optionalInt(e.target.value, 1);
                      if (v !== undefined) change((d) => ({ ...d, timeout_seconds: v }), 'timeout');
                    }}
                  />
                </Field>
                <Field label={t('workflows.inspector.retries')}>
                  <Input
                    type="number"
                    min={0}
                    max={10}
                    data-testid="inspector-retries"
                    placeholder={t('workflows.inspector.scriptDefault')}
                    value={data.max_retries ?? ''}
                    onChange={(e) => {
                      const v = optionalInt(e.target.value, 0);
                      if (v !== undefined && (v === null || v <= 10))
                        change((d) => ({ ...d, max_retries: v }), 'retries');
                    }}
                  />
                </Field>
              </div>
            )}
            {data.type === 'script' && (
              <Field label={t('workflows.inspector.workerLoss')} hint={t('workflows.inspector.workerLossHint')}>
                <Segmented<'script' | 'yes' | 'no'>
                  testId="worker-loss"
                  value={
                    data.config.retry_on_worker_loss === null || data.config.retry_on_worker_loss === undefined
                      ? 'script'
                      : data.config.retry_on_worker_loss
                        ? 'yes'
                        : 'no'
                  }
                  options={[
                    { value: 'script', label: t('workflows.inspector.scriptDefault') },
                    { value: 'yes', label: t('workflows.inspector.workerLossYes') },
                    { value: 'no', label: t('workflows.inspector.workerLossNo') },
                  ]}
                  onChange={(v) =>
                    change(
                      (d) =>
                        d.type === 'script'
                          ? { ...d, config: { ...d.config, retry_on_worker_loss: v === 'script' ? null : v === 'yes' } }
                          : d,
                      'workerLoss',
                    )
                  }
                />
              </Field>
            )}
            <Field label={t('workflows.inspector.errorPolicy')} hint={t(`workflows.policy.${data.error_policy}Hint`)}>
              <Segmented<ErrorPolicy>
                testId="error-policy"
                value={data.error_policy}
                options={errorPolicyList.map((p) => ({ value: p, label: t(`workflows.policy.${p}`) }))}
                onChange={(error_policy) => change((d) => ({ ...d, error_policy }), 'policy')}
              />
            </Field>
          </div>
        )}
      </fieldset>
      {!props.readOnly && (
        <div className="border-t border-slate-200 pt-3 dark:border-slate-800">
          <Button
            variant="ghost"
            className="text-red-600 dark:text-red-400"
            onClick={props.onDelete}
            data-testid="inspector-delete"
          >
            {t('workflows.inspector.delete')}
          </Button>
        </div>
      )}
    </div>
  );
}
