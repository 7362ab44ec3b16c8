import type Ast from 'jexl/Ast';
import handlers from 'jexl/dist/evaluator/handlers';
import Evaluator from 'jexl/dist/evaluator/Evaluator';

/**
 * jexl reads members with plain `object[name]`, so `payload.constructor`, `x["__proto__"]` or
 * `"s".constructor.constructor` reach prototypes and the Function constructor. Here every member
 * read, by dot, by bracket with a literal, or by bracket with a computed key, goes through
 * `readMember`: own properties only, and `constructor` / `prototype` / `__proto__` refused with an
 * error. Transforms and functions must be registered ones (own properties of their pool), and
 * object literals cannot set `__proto__`. The patch is applied once, when this module loads, to
 * jexl's evaluator; `jexlSafetyErrors` refuses the same names when an expression is saved.
 */
export const FORBIDDEN_MEMBERS = new Set([
  'constructor',
  'prototype',
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

const own = (o: object, k: PropertyKey) => Object.prototype.hasOwnProperty.call(o, k);

export function readMember(subject: unknown, key: unknown): unknown {
  const name = typeof key === 'number' ? key : String(key);
  if (FORBIDDEN_MEMBERS.has(String(name))) throw new Error(`access to "${String(name)}" is not allowed`);
  if (subject === null || subject === undefined) return undefined;
  if (typeof subject !== 'object' && typeof subject !== 'string') return undefined;
  return own(Object(subject) as object, name) ? (subject as Record<string | number, unknown>)[name] : undefined;
}

let patched = false;
function patchEvaluator(): void {
  if (patched) return;
  patched = true;
  handlers.Identifier = function identifier(ast: { value: string; from?: unknown; relative?: boolean }) {
    if (!ast.from) return readMember(ast.relative ? this._relContext : this._context, ast.value);
    return this.eval(ast.from).then((context) => {
      if (context === undefined || context === null) return undefined;
      return readMember(Array.isArray(context) ? context[0] : context, ast.value);
    });
  };
  Evaluator.prototype._filterStatic = function filterStatic(subject: unknown, expr: unknown) {
    return this.eval(expr).then((res) =>
      typeof res === 'boolean' ? (res ? subject : undefined) : readMember(subject, res),
    );
  };
  const functionCall = handlers.FunctionCall!;
  handlers.FunctionCall = function guardedCall(ast: { pool: string; name: string }) {
    const pool = this._grammar[ast.pool];
    if (!pool || !own(pool, ast.name))
      throw new Error(`${ast.pool === 'functions' ? 'function' : 'transform'} ${ast.name} is not defined.`);
    return functionCall.call(this, ast);
  };
  const objectLiteral = handlers.ObjectLiteral!;
  handlers.ObjectLiteral = function guardedObject(ast: { value: Record<string, unknown> }) {
    for (const k of Object.keys(ast.value))
      if (FORBIDDEN_MEMBERS.has(k)) throw new Error(`an object key "${k}" is not allowed`);
    return objectLiteral.call(this, ast);
  };
}
patchEvaluator();

/** Calls visit on every node of a parsed expression, parents before their children. */
export function forEachJexlNode(ast: Ast | undefined, visit: (n: Ast) => void): void {
  if (!ast) return;
  visit(ast);
  const children = (() => {
    switch (ast.type) {
      case 'Identifier':
        return [ast.from];
      case 'FilterExpression':
        return [ast.subject, ast.expr];
      case 'UnaryExpression':
        return [ast.right];
      case 'BinaryExpression':
        return [ast.left, ast.right];
      case 'ConditionalExpression':
        return [ast.test, ast.consequent, ast.alternate];
      case 'ArrayLiteral':
        return ast.value;
      case 'ObjectLiteral':
        return Object.values(ast.value);
      case 'FunctionCall':
        return ast.args;
      default:
        return [];
    }
  })();
  for (const child of children) forEachJexlNode(child, visit);
}

/** Names the expression reads that are refused: checked when an expression is saved. */
export function jexlSafetyErrors(ast: Ast): string[] {
  const errors: string[] = [];
  forEachJexlNode(ast, (n) => {
    if (n.type === 'Identifier' && FORBIDDEN_MEMBERS.has(n.value))
      errors.push(`reads "${n.value}", which is not allowed`);
    if (n.type === 'FilterExpression' && n.expr.type === 'Literal' && FORBIDDEN_MEMBERS.has(String(n.expr.value))) {
      errors.push(`reads "${String(n.expr.value)}", which is not allowed`);
    }
    if (n.type === 'ObjectLiteral') {
      for (const k of Object.keys(n.value))
        if (FORBIDDEN_MEMBERS.has(k)) errors.push(`sets the object key "${k}", which is not allowed`);
    }
  });
  return errors;
}

/**
 * Expressions see plain data: a JSON copy (no class instances, getters or shared references), so
 * nothing an expression reaches can lead back into the application's objects.
 */
export function plainData<T>(value: T): T {
  if (value === undefined) return value;
  return JSON.parse(JSON.stringify(value)) as T;
}
