import { RunView } from '@/components/workflows/run/run-view';

export default async function WorkflowRunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  // Keyed so moving between runs starts with a fresh view.
  return <RunView key={runId} runId={runId} />;
}
