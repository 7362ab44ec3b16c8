import jexlModule from 'jexl';
import type Ast from 'jexl/Ast';
import { linearPatternError, linearRegExp } from '@/server/input/linear-regex';
import { forEachJexlNode, jexlSafetyErrors, plainData } from '@/server/input/safe-jexl';
import type { ConditionOperator, ConditionSpec } from './workflows.schema';
import { coded, type MessageCode, type MessageParams } from '@/server/messages/messages.shared';

/**
 * Expressions in parameter mappings and conditions are jexl, evaluated synchronously over
 * `{ input, nodes: { <node_key>: { output, status } } }`. jexl only calls the transforms registered
 * here, so an expression can read data but never run code.
 */
const jexl = new jexlModule.Jexl();
const transforms: Record<string, (value: unknown, ...args: unknown[]) => unknown> = {
  lower: (v) => String(v ?? '').toLowerCase(),
  upper: (v) => String(v ?? '').toUpperCase(),
  trim: (v) => String(v ?? '').trim(),
  string: (v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')),
  number: (v) => Number(v),
  length: (v) =>
    typeof v === 'string' || Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0,
  keys: (v) => (v && typeof v === 'object' ? Object.keys(v) : []),
  json: (v) => JSON.parse(String(v)) as unknown,
  default: (v, d) => (v === undefined || v === null ? d : v),
};
for (const [name, fn] of Object.entries(transforms)) jexl.addTransform(name, fn);

export const expressionTransforms = Object.keys(transforms);
const ROOTS = new Set(['input', 'nodes']);

export interface ExpressionError {
  code: MessageCode;
  params: MessageParams;
  /** English, for logs and tests. */
  message: string;
}

export interface ExpressionAnalysis {
  /** Node keys read as `nodes.<key>` or `nodes['<key>']`. */
  nodes: string[];
  /** Problems that make the expression unusable (syntax, unknown variable, computed node key), as catalogue codes. */
  errors: ExpressionError[];
}

const compiled = new Map<string, ReturnType<typeof jexl.compile>>();

function compile(source: string) {
  let expr = compiled.get(source);
  if (!expr) {
    expr = jexl.compile(source);
    if (compiled.size > 2000) compiled.clear();
    compiled.set(source, expr);
  }
  return expr;
}

/** Parses an expression and lists the nodes it reads; never evaluates it. */
export function analyzeExpression(source: string): ExpressionAnalysis {
  if (source.trim() === '') return { nodes: [], errors: [coded('workflow.expr.empty')] };
  let ast: Ast;
  try {
    ast = compile(source)._getAst();
  } catch (err) {
    return { nodes: [], errors: [coded('workflow.expr.parse', { detail: (err as Error).message })] };
  }
  const nodes = new Set<string>();
  const errors: ExpressionError[] = [];
  forEachJexlNode(ast, (n) => {
    if (n.type === 'Identifier') {
      if (n.from?.type === 'Identifier' && !n.from.from && !n.from.relative && n.from.value === 'nodes')
        nodes.add(n.value);
      else if (!n.from && !n.relative && !ROOTS.has(n.value))
        errors.push(coded('workflow.expr.unknown_variable', { name: n.value }));
    } else if (
      n.type === 'FilterExpression' &&
      n.subject.type === 'Identifier' &&
      !n.subject.from &&
      n.subject.value === 'nodes'
    ) {
      if (n.expr.type === 'Literal' && typeof n.expr.value === 'string') nodes.add(n.expr.value);
      else errors.push(coded('workflow.expr.computed_key'));
    } else if (n.type === 'FunctionCall' && (n.pool === 'functions' || !transforms[n.name])) {
      errors.push(
        coded(n.pool === 'functions' ? 'workflow.expr.unknown_function' : 'workflow.expr.unknown_transform', {
          name: n.name,
          available: expressionTransforms.join(', '),
        }),
      );
    }
  });
  errors.push(...jexlSafetyErrors(ast).map((detail) => coded('workflow.expr.unsafe', { detail })));
  return { nodes: [...nodes], errors };
}

export interface ExpressionContext {
  input: Record<string, unknown>;
  nodes: Record<string, { output: unknown; status: string }>;
}

/** Evaluates one expression; throws an Error with a readable message. */
export function evaluateExpression(source: string, context: ExpressionContext): unknown {
  try {
    return compile(source).evalSync(plainData(context)) as unknown;
  } catch (err) {
    throw new Error(`expression "${source.slice(0, 200)}" failed: ${(err as Error).message}`);
  }
}

function compare(op: ConditionOperator, left: unknown, right: unknown): boolean {
  switch (op) {
    case '==':
      return (
        left === right || (left !== null && typeof left === 'object' && JSON.stringify(left) === JSON.stringify(right))
      );
    case '!=':
      return !compare('==', left, right);
    case '>':
      return (left as number) > (right as number);
    case '>=':
      return (left as number) >= (right as number);
    case '<':
      return (left as number) < (right as number);
    case '<=':
      return (left as number) <= (right as number);
    case 'contains':
      if (typeof left === 'string') return left.includes(String(right));
      if (Array.isArray(left)) return left.some((v) => compare('==', v, right));
      if (left && typeof left === 'object') return Object.prototype.hasOwnProperty.call(left, String(right));
      return false;
    case 'matches':
      return linearRegExp(String(right)).test(String(left ?? ''));
  }
}

/** A condition's truth value: a rule compares its left expression with a literal; an expression is coerced to boolean. */
export function evaluateCondition(spec: ConditionSpec, context: ExpressionContext): boolean {
  if (spec.mode === 'expression') return Boolean(evaluateExpression(spec.expression, context));
  return compare(spec.operator, evaluateExpression(spec.left, context), spec.right);
}

/** Checks a `matches` rule's pattern once, at validation time. */
export function regexError(pattern: unknown): string | null {
  return linearPatternError(String(pattern));
}
