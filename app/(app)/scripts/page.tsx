import { Suspense } from 'react';
import { ScriptsListView } from '@/components/scripts/list/scripts-list-view';

// The list reads its filters from the URL (useSearchParams), which needs a Suspense boundary.
export default function ScriptsPage() {
  return (
    <Suspense>
      <ScriptsListView />
    </Suspense>
  );
}
