import { TemplateEditorScreen } from '@/components/templates/template-editor';

export default function NewTemplatePage() {
  return <TemplateEditorScreen />;
}
