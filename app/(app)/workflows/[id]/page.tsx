import { DesignerScreen } from '@/components/workflows/designer/designer-screen';

export default async function WorkflowDesignerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DesignerScreen id={id} />;
}
