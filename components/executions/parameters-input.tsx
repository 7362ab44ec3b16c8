'use client';
import { useMemo, useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import type { MessageKey } from '@/components/i18n/locale';
import { KeyValueEditor } from './key-value-editor';
import { newRow, rowsToRecord, type KeyValueRow } from './key-value-rows';
import {
  buildParameters,
  fieldsFromSchema,
  valuesFromParameters,
  type ParamField,
  type ParamValues,
} from './parameter-fields';
import { ParametersForm } from './parameters-form';

const noParams: Record<string, unknown> = {};

/**
 * The state behind `ParametersInput`: typed values over the schema's defaults (or over `saved`, a
 * schedule's stored input), or name/value rows when the target has no schema. Only what the user
 * typed is state, so a schema that changes (edited next door, another target) re-derives the form.
 * `saved` must keep its identity between renders (memoize it).
 */
export function useParametersInput(schema: Record<string, unknown> | null, saved: Record<string, unknown> = noParams) {
  const fields = useMemo(() => fieldsFromSchema(schema), [schema]);
  const base = useMemo(() => (fields ? valuesFromParameters(fields, schema, saved) : {}), [fields, schema, saved]);
  const [edits, setEdits] = useState<ParamValues>({});
  const [rows, setRows] = useState<KeyValueRow[]>(() =>
    Object.entries(saved).map(([k, v]) => newRow(k, typeof v === 'string' ? v : JSON.stringify(v))),
  );
  const values: ParamValues = { ...base, ...edits };
  return {
    fields,
    values,
    rows,
    setRows,
    setValue: (name: string, value: string | boolean) => setEdits((prev) => ({ ...prev, [name]: value })),
    /** Forgets what was typed (another target was picked). */
    reset: () => {
      setEdits({});
      setRows([]);
    },
    /** The parameters to send, or what must be fixed first (by parameter name, or by row id without a schema). */
    build(): {
      params: Record<string, unknown>;
      errors: Record<string, MessageKey>;
      rowErrors: Record<number, MessageKey>;
    } {
      if (fields) return { ...buildParameters(fields, values), rowErrors: {} };
      const kv = rowsToRecord(rows);
      return { params: kv.record, errors: {}, rowErrors: kv.errors };
    },
  };
}

/**
 * Parameters as a form built from the target's JSON Schema, or name/value rows when it has none.
 * One component for the Run panel, schedules and triggers; `param-<name>` test ids address inputs.
 */
export function ParametersInput(props: {
  fields: ParamField[] | null;
  values: ParamValues;
  onValue(name: string, value: string | boolean): void;
  rows: KeyValueRow[];
  onRows(rows: KeyValueRow[]): void;
  errors: Record<string, string>;
  rowErrors?: Record<number, string>;
  disabled?: boolean;
}) {
  const t = useT();
  if (props.fields) {
    return (
      <ParametersForm
        fields={props.fields}
        values={props.values}
        errors={props.errors}
        disabled={props.disabled}
        onChange={props.onValue}
      />
    );
  }
  return (
    <>
      <p className="text-xs text-slate-500">{t('executions.run.noSchema')}</p>
      <KeyValueEditor
        rows={props.rows}
        onChange={props.onRows}
        testIdPrefix="param"
        keyPlaceholder={t('executions.kv.name')}
        valuePlaceholder={t('executions.kv.value')}
        addLabel={t('executions.run.addParameter')}
        errors={props.rowErrors}
        disabled={props.disabled}
      />
    </>
  );
}
