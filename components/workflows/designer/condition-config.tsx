'use client';
import { useT } from '@/components/i18n/i18n-provider';
import { conditionOperatorList, type ConditionOperator, type NodeOf } from '@/components/flow/graph-types';
import { Field, Input, Segmented, Select, Textarea } from './inspector-fields';
import { LooseValueInput } from './loose-value-input';
import { formatLoose } from './value-text';

type Config = NodeOf<'condition'>['config'];
type Rule = Extract<Config['condition'], { mode: 'rule' }>;

/** jexl shares the comparison operators; `contains` and `matches` have no one-line equivalent. */
function ruleAsExpression(r: Rule): string {
  if (!r.left || r.operator === 'contains' || r.operator === 'matches') return '';
  return `${r.left} ${r.operator} ${JSON.stringify(r.right) ?? 'null'}`;
}

/** A condition as a rule (left operator right) or, in advanced mode, one jexl expression. */
export function ConditionConfigForm(props: { config: Config; onChange(config: Config, key: string): void }) {
  const t = useT();
  const c = props.config.condition;
  const set = (condition: Config['condition'], key: string) => props.onChange({ condition }, key);
  return (
    <div className="space-y-3">
      <Segmented
        testId="condition-mode"
        value={c.mode}
        options={[
          { value: 'rule', label: t('workflows.condition.rule') },
          { value: 'expression', label: t('workflows.condition.advanced') },
        ]}
        onChange={(mode) => {
          if (mode === c.mode) return;
          // Going to advanced mode keeps a comparison rule, written as the same jexl expression.
          if (mode === 'expression')
            set({ mode: 'expression', expression: c.mode === 'rule' ? ruleAsExpression(c) : '' }, 'mode');
          else set({ mode: 'rule', left: '', operator: '==', right: true }, 'mode');
        }}
      />
      {c.mode === 'rule' ? (
        <div className="space-y-2">
          <Field label={t('workflows.condition.left')} hint={t('workflows.condition.leftHint')}>
            <Input
              className="font-mono text-xs"
              data-testid="condition-left"
              spellCheck={false}
              placeholder="input.go"
              value={c.left}
              onChange={(e) => set({ ...c, left: e.target.value }, 'left')}
            />
          </Field>
          <Field label={t('workflows.condition.operator')}>
            <Select
              data-testid="condition-operator"
              value={c.operator}
              onChange={(e) => set({ ...c, operator: e.target.value as ConditionOperator }, 'operator')}
            >
              {conditionOperatorList.map((op) => (
                <option key={op} value={op}>
                  {op} — {t(`workflows.operator.${op}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('workflows.condition.right')} hint={t('workflows.condition.rightHint')}>
            <LooseValueInput
              data-testid="condition-right"
              value={c.right}
              onChange={(right) => set({ ...c, right }, 'right')}
              placeholder="true"
            />
          </Field>
          <p
            className="rounded bg-slate-100 px-2 py-1 font-mono text-[11px] text-slate-600 dark:bg-slate-800 dark:text-slate-300"
            data-testid="condition-preview"
          >
            {c.left || '…'} {c.operator} {formatLoose(c.right) || '…'}
          </p>
        </div>
      ) : (
        <Field label={t('workflows.condition.expression')} hint={t('workflows.condition.expressionHint')}>
          <Textarea
            className="font-mono text-xs"
            rows={4}
            spellCheck={false}
            data-testid="condition-expression"
            placeholder="input.count > 3 && nodes.detect.output.found == true"
            value={c.expression}
            onChange={(e) => set({ mode: 'expression', expression: e.target.value }, 'expression')}
          />
        </Field>
      )}
    </div>
  );
}
