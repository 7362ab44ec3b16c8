import { ExecutionDetailView } from '@/components/executions/execution-detail';

export default async function ExecutionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Keyed by id so Re-run (which navigates to a sibling execution) starts with fresh state.
  return <ExecutionDetailView key={id} id={id} />;
}
