'use client';
import '@xyflow/react/dist/style.css';
import './flow.css';
import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type NodeMouseHandler,
  type OnBeforeDelete,
  type OnSelectionChangeFunc,
} from '@xyflow/react';
import { useEffect, useMemo, useRef, type DragEvent, type ReactNode } from 'react';
import { useUiPrefs } from '@/components/i18n/i18n-provider';
import type { FlowEdge, StepNode as StepNodeType } from './graph-convert';
import { FlowDecorationsContext, type FlowDecorations } from './flow-decorations';
import { nodeTone } from './node-meta';
import { edgeColour } from './run-status-style';
import { StepNode } from './step-node';

const nodeTypes = { step: StepNode };
const FIT = { padding: 0.2, maxZoom: 1.1 } as const;

/**
 * Fits the graph once every node has its measured size. React Flow's own `fitView` runs as soon as
 * the first nodes are measured, which on a wide graph fitted the Start node alone at 1:1 and left
 * the rest off-screen; waiting for all of them fits the whole graph.
 */
function FitWhenMeasured() {
  const measured = useNodesInitialized();
  const rf = useReactFlow();
  const done = useRef(false);
  useEffect(() => {
    if (!measured || done.current) return;
    done.current = true;
    void rf.fitView(FIT);
  }, [measured, rf]);
  return null;
}

/**
 * The workflow canvas shared by the designer (editable) and the run view (read-only). The graph
 * arrives as React Flow nodes/edges; validation problems and run states come as decorations.
 */
export function FlowCanvas(props: {
  nodes: StepNodeType[];
  edges: FlowEdge[];
  decorations: FlowDecorations;
  invalidEdges?: ReadonlySet<string>;
  /** Edges taken in a run are drawn solid and animated while their target runs. */
  edgeStates?: ReadonlyMap<string, 'taken' | 'active' | 'skipped'>;
  onNodesChange?(changes: NodeChange<StepNodeType>[]): void;
  onEdgesChange?(changes: EdgeChange<FlowEdge>[]): void;
  onConnect?(c: Connection): void;
  isValidConnection?: IsValidConnection<FlowEdge>;
  onBeforeDelete?: OnBeforeDelete<StepNodeType, FlowEdge>;
  onNodeDragStart?(): void;
  onNodeClick?: NodeMouseHandler<StepNodeType>;
  onSelectionChange?: OnSelectionChangeFunc<StepNodeType, FlowEdge>;
  onPaneClick?(): void;
  onDrop?(e: DragEvent<HTMLDivElement>): void;
  children?: ReactNode;
  testId?: string;
}) {
  const { theme, t } = useUiPrefs();
  const readOnly = props.decorations.readOnly;

  const edges = useMemo(
    () =>
      props.edges.map((e): FlowEdge => {
        const label = e.data?.label ?? null;
        const invalid = props.invalidEdges?.has(e.id) ?? false;
        const state = props.edgeStates?.get(e.id);
        const colour = invalid ? '#dc2626' : label ? edgeColour[label] : theme === 'dark' ? '#94a3b8' : '#64748b';
        return {
          ...e,
          type: 'smoothstep',
          label: label ? t(`workflows.edge.${label}`) : undefined,
          labelStyle: { fill: colour, fontWeight: 600, fontSize: 11 },
          labelBgStyle: { fill: theme === 'dark' ? '#0f172a' : '#ffffff' },
          labelBgPadding: [4, 2],
          labelBgBorderRadius: 4,
          animated: state === 'active',
          className: `${invalid ? 'flow-edge-invalid' : ''}`,
          style: {
            stroke: colour,
            strokeWidth: state === 'taken' || state === 'active' ? 2.5 : 1.75,
            strokeDasharray: label === 'error' || state === 'skipped' ? '6 4' : undefined,
            opacity: state === 'skipped' ? 0.45 : 1,
          },
          markerEnd: { type: MarkerType.ArrowClosed, color: colour, width: 18, height: 18 },
          deletable: !readOnly,
          // A data attribute for tests and tooling: React Flow puts `domAttributes` on the edge group.
          domAttributes: {
            'data-testid': `flow-edge-${e.id}`,
            'data-invalid': invalid ? 'true' : undefined,
            'data-edge-label': label ?? undefined,
          } as FlowEdge['domAttributes'],
        };
      }),
    [props.edges, props.invalidEdges, props.edgeStates, theme, t, readOnly],
  );

  return (
    <FlowDecorationsContext.Provider value={props.decorations}>
      <div
        className="h-full w-full"
        data-testid={props.testId ?? 'flow-canvas'}
        onDragOver={(e) => {
          if (readOnly) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
        }}
        onDrop={props.onDrop}
      >
        <ReactFlow<StepNodeType, FlowEdge>
          nodes={props.nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          colorMode={theme}
          onNodesChange={props.onNodesChange}
          onEdgesChange={props.onEdgesChange}
          onConnect={props.onConnect}
          isValidConnection={props.isValidConnection}
          onBeforeDelete={props.onBeforeDelete}
          onNodeDragStart={props.onNodeDragStart}
          onNodeClick={props.onNodeClick}
          onSelectionChange={props.onSelectionChange}
          onPaneClick={props.onPaneClick}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          elementsSelectable
          edgesFocusable={!readOnly}
          deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
          multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
          snapToGrid
          snapGrid={[8, 8]}
          fitView
          fitViewOptions={FIT}
          minZoom={0.2}
          maxZoom={2}
          proOptions={{ hideAttribution: true }}
          defaultEdgeOptions={{ type: 'smoothstep' }}
          connectionLineStyle={{ strokeWidth: 2, stroke: '#3b82f6' }}
          ariaLabelConfig={{
            'controls.zoomIn.ariaLabel': t('workflows.canvas.zoomIn'),
            'controls.zoomOut.ariaLabel': t('workflows.canvas.zoomOut'),
            'controls.fitView.ariaLabel': t('workflows.canvas.fitView'),
            'controls.interactive.ariaLabel': t('workflows.canvas.lock'),
            'minimap.ariaLabel': t('workflows.canvas.minimap'),
          }}
        >
          <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
          <MiniMap
            pannable
            zoomable
            nodeColor={(n) => nodeTone[(n as StepNodeType).data.type]?.minimap ?? '#94a3b8'}
            nodeStrokeWidth={2}
            className="!bg-white dark:!bg-slate-900"
          />
          <Controls showInteractive={!readOnly} fitViewOptions={FIT} />
          <FitWhenMeasured />
          {props.children}
        </ReactFlow>
      </div>
    </FlowDecorationsContext.Provider>
  );
}
