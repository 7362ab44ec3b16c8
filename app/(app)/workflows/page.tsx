import { WorkflowsList } from '@/components/workflows/list/workflows-list';

export default function WorkflowsPage() {
  return <WorkflowsList />;
}
