import { TriggersView } from '@/components/triggers/triggers-view';

export default function TriggersPage() {
  return <TriggersView />;
}
