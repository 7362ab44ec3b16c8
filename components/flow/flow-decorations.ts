'use client';
import { createContext, useContext } from 'react';

/** Live state of one node in a run, as the run view shows it. */
export interface NodeRunState {
  status: string;
  /** Already formatted for display (e.g. "1.2 s"); null when the node has not started. */
  duration: string | null;
  attempt?: number | null;
  error?: string | null;
}

/**
 * What the canvas overlays on nodes without touching the graph: validation problems, run states
 * and display names of referenced scripts. Nodes read it by their key.
 */
export interface FlowDecorations {
  readOnly: boolean;
  issues: ReadonlyMap<string, string[]>;
  runStates: ReadonlyMap<string, NodeRunState>;
  scriptNames: ReadonlyMap<string, string>;
}

export const emptyDecorations: FlowDecorations = {
  readOnly: false,
  issues: new Map(),
  runStates: new Map(),
  scriptNames: new Map(),
};

export const FlowDecorationsContext = createContext<FlowDecorations>(emptyDecorations);

export const useFlowDecorations = () => useContext(FlowDecorationsContext);
