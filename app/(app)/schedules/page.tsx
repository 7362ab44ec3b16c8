import { SchedulesView } from '@/components/schedules/schedules-view';

export default function SchedulesPage() {
  return <SchedulesView />;
}
