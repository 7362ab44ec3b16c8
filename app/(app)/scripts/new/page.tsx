import { NewScriptScreen } from '@/components/scripts/editor/new-script-screen';

export default function NewScriptPage() {
  return <NewScriptScreen />;
}
