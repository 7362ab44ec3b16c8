import { ExistingScriptScreen } from '@/components/scripts/editor/existing-script-screen';

export default async function ScriptPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ExistingScriptScreen id={id} />;
}
