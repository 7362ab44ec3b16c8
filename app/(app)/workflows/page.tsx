import { NotYet } from '@/components/shell/not-yet';

export default function Page() {
  return <NotYet titleKey="nav.workflows" />;
}
