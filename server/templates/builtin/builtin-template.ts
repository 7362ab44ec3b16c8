import type { TemplateParameterInput } from '../templates.schema';

/** A template shipped with the product; `key` is stable across releases (seeding matches on it). */
export interface BuiltinTemplate {
  key: string;
  name: string;
  description: string;
  category: string;
  language: 'python' | 'bash';
  needs_network: boolean;
  parameters: TemplateParameterInput[];
  content: string;
}
