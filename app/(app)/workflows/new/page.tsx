import { NewWorkflowForm } from '@/components/workflows/list/new-workflow-form';

export default function NewWorkflowPage() {
  return <NewWorkflowForm />;
}
