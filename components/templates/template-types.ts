import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/router';

// Derived from the router so the UI breaks at compile time when an API shape changes.
type Outputs = inferRouterOutputs<AppRouter>['templates'];
type Inputs = inferRouterInputs<AppRouter>['templates'];

export type TemplateDto = Outputs['get'];
export type TemplateParameter = TemplateDto['parameters'][number];
export type ParameterType = TemplateParameter['type'];
export type TemplateVisibility = TemplateDto['visibility'];
export type TemplateLanguage = TemplateDto['language'];
export type PreviewResult = Outputs['preview'];
export type ParameterInput = NonNullable<Inputs['create']['parameters']>[number];
export type TemplateScope = NonNullable<Inputs['list']['scope']>;

// Client copies of the server enums (importing the zod schemas would pull zod into the bundle).
export const PARAMETER_TYPES = [
  'string',
  'number',
  'boolean',
  'enum',
  'secret',
] as const satisfies readonly ParameterType[];
export const TEMPLATE_SCOPES = ['all', 'builtin', 'shared', 'mine'] as const satisfies readonly TemplateScope[];
export const TEMPLATE_LANGUAGES = ['python', 'bash'] as const satisfies readonly TemplateLanguage[];

/** What a form holds per parameter: text for inputs, a boolean for checkboxes. */
export type FormValue = string | boolean;
export type FormValues = Record<string, FormValue>;

export function initialFormValues(parameters: readonly TemplateParameter[]): FormValues {
  return Object.fromEntries(
    parameters.map((p) => [
      p.name,
      p.type === 'boolean'
        ? p.default === true
        : p.default === undefined || p.default === null
          ? ''
          : String(p.default),
    ]),
  );
}
