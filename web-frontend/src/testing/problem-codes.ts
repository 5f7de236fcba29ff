// Test helpers (Node only): the ProblemCode enum as the API describes it.
import { readFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

export const OPENAPI_URL = new URL('../../../openapi.yaml', import.meta.url);
export const SCHEMA_URL = new URL('../api/schema.d.ts', import.meta.url);

/** Reads the string literals of `ProblemCode: "a" | "b" | ...` from generated TypeScript. */
export function problemCodesFromTypes(source: string): string[] {
  const file = ts.createSourceFile('schema.d.ts', source, ts.ScriptTarget.Latest, true);
  let found: string[] | undefined;
  const literal = (node: ts.TypeNode): string => {
    if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return node.literal.text;
    throw new Error(`ProblemCode member is not a string literal: ${node.getText(file)}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertySignature(node) && node.name.getText(file) === 'ProblemCode' && node.type) {
      found = ts.isUnionTypeNode(node.type) ? node.type.types.map(literal) : [literal(node.type)];
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (!found) throw new Error('no ProblemCode schema found');
  return found;
}

/** ProblemCode values in the committed src/api/schema.d.ts. */
export function problemCodesFromSchema(): string[] {
  return problemCodesFromTypes(readFileSync(SCHEMA_URL, 'utf8'));
}

/** ProblemCode values in ../openapi.yaml itself, generated afresh (independent of the committed file). */
export async function problemCodesFromOpenapi(): Promise<string[]> {
  const nodes = await openapiTS(OPENAPI_URL, { silent: true });
  return problemCodesFromTypes(astToString(nodes));
}
