// jexl's evaluator internals, patched by safe-jexl.ts (no published types).
declare module 'jexl/dist/evaluator/handlers' {
  const handlers: Record<string, (this: JexlEvaluator, ast: any) => unknown>; // eslint-disable-line @typescript-eslint/no-explicit-any
  export = handlers;
}
declare module 'jexl/dist/evaluator/Evaluator' {
  const Evaluator: { prototype: JexlEvaluator };
  export = Evaluator;
}
interface JexlEvaluator {
  _context: unknown;
  _relContext: unknown;
  _grammar: Record<string, Record<string, unknown>>;
  eval(ast: unknown): { then(f: (v: unknown) => unknown): unknown };
  evalArray(asts: unknown[]): { then(f: (v: unknown[]) => unknown): unknown };
  _filterStatic(subject: unknown, expr: unknown): unknown;
}
