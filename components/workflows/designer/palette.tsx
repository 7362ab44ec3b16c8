'use client';
import { useState, type DragEvent } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { NodeIcon } from '@/components/flow/node-icons';
import { nodeTone, nodeTypeHint, nodeTypeLabel } from '@/components/flow/node-meta';
import { nodeTypeList, type NodeType } from '@/components/flow/graph-types';
import { Input } from '@/components/ui/field';
import type { PaletteScript } from '../workflow-types';

/** What a palette item carries across the drag, read back by the canvas' drop handler. */
export interface PaletteDrop {
  type: NodeType;
  scriptId?: string;
  label?: string;
}

export const PALETTE_MIME = 'application/x-vss-workflow-node';

function startDrag(e: DragEvent, item: PaletteDrop) {
  e.dataTransfer.setData(PALETTE_MIME, JSON.stringify(item));
  e.dataTransfer.effectAllowed = 'move';
}

function PaletteItem(props: {
  item: PaletteDrop;
  title: string;
  subtitle?: string;
  testId: string;
  onAdd(item: PaletteDrop): void;
  disabled?: boolean;
}) {
  const tone = nodeTone[props.item.type];
  return (
    <li
      draggable={!props.disabled}
      onDragStart={(e) => startDrag(e, props.item)}
      // Double-click adds the node at the centre of the view: a keyboard-free alternative to dragging.
      onDoubleClick={() => !props.disabled && props.onAdd(props.item)}
      data-testid={props.testId}
      title={props.subtitle}
      className={`flow-palette-item flex select-none items-center gap-2 rounded-md border border-slate-200 bg-white px-2 py-1.5 text-sm shadow-xs hover:border-blue-400 hover:shadow-sm dark:border-slate-700 dark:bg-slate-900 dark:hover:border-blue-500 ${props.disabled ? 'opacity-50' : ''}`}
    >
      <span className={`flex h-6 w-6 shrink-0 items-center justify-center rounded ${tone.icon}`}>
        <NodeIcon type={props.item.type} className="h-3.5 w-3.5" />
      </span>
      <span className="min-w-0 flex-1">
        <span className="block truncate font-medium leading-5">{props.title}</span>
        {props.subtitle && (
          <span className="block truncate text-[11px] leading-4 text-slate-500">{props.subtitle}</span>
        )}
      </span>
    </li>
  );
}

/** Node types and the scripts a workflow may call, dragged onto the canvas (or double-clicked). */
export function Palette(props: {
  scripts: PaletteScript[] | undefined;
  scriptsError?: string | null;
  onAdd(item: PaletteDrop): void;
  disabled?: boolean;
}) {
  const t = useT();
  const [filter, setFilter] = useState('');
  const shown = (props.scripts ?? []).filter((s) => s.name.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <aside
      className="flex h-full w-60 shrink-0 flex-col border-r border-slate-200 bg-slate-50/80 dark:border-slate-800 dark:bg-slate-900/60"
      data-testid="palette"
    >
      <div className="space-y-2 p-3">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t('workflows.palette.nodes')}</h2>
        <ul className="space-y-1.5">
          {nodeTypeList.map((type) => (
            <PaletteItem
              key={type}
              item={{ type }}
              title={t(nodeTypeLabel[type])}
              subtitle={t(nodeTypeHint[type])}
              testId={`palette-${type}`}
              onAdd={props.onAdd}
              disabled={props.disabled}
            />
          ))}
        </ul>
      </div>
      <div className="flex min-h-0 flex-1 flex-col gap-2 border-t border-slate-200 p-3 dark:border-slate-800">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          {t('workflows.palette.scripts')}
        </h2>
        <Input
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder={t('workflows.palette.filter')}
          aria-label={t('workflows.palette.filter')}
          data-testid="palette-filter"
        />
        {props.scriptsError && (
          <p role="alert" className="text-xs text-red-600">
            {props.scriptsError}
          </p>
        )}
        <ul className="min-h-0 flex-1 space-y-1.5 overflow-y-auto pr-1">
          {shown.map((s) => (
            <PaletteItem
              key={s.id}
              item={{ type: 'script', scriptId: s.id, label: s.name }}
              title={s.name}
              subtitle={`${t(`scripts.language.${s.language}`)} · v${s.version}${s.status === 'active' ? '' : ` · ${t(`scripts.status.${s.status}`)}`}`}
              testId={`palette-script-${s.id}`}
              onAdd={props.onAdd}
              disabled={props.disabled}
            />
          ))}
          {props.scripts && shown.length === 0 && (
            <li className="text-xs text-slate-500">{t('workflows.palette.noScripts')}</li>
          )}
        </ul>
        <p className="text-[11px] leading-4 text-slate-500">{t('workflows.palette.help')}</p>
      </div>
    </aside>
  );
}
