import { TemplatesGallery } from '@/components/templates/templates-gallery';

export default function TemplatesPage() {
  return <TemplatesGallery />;
}
