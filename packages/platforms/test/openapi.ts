/**
 * What the contract tests share: an official OpenAPI 3.0 document turned into ajv validators
 * addressed by JSON pointer, and the matching of concrete request paths to its path templates.
 */
import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv and ajv-formats ship CommonJS with their export on `default`.
const Ajv = AjvModule as unknown as typeof AjvModule.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export type Json = Record<string, unknown>;

/**
 * OpenAPI 3.0 `nullable: true` → JSON Schema, in place: `type: [..., 'null']` (and `null` in
 * enums); a nullable schema without a type (an `allOf` wrapper) becomes `anyOf: [itself, null]`.
 */
export function convertNullable(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) convertNullable(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Json;
  for (const value of Object.values(schema)) convertNullable(value);
  if (schema.nullable !== true) return;
  delete schema.nullable;
  if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
    return;
  }
  const inner = { ...schema };
  for (const key of Object.keys(schema)) delete schema[key];
  schema.anyOf = [inner, { type: 'null' }];
}

/**
 * Validators for the schemas of a (nullable-converted) spec, compiled once per JSON pointer.
 * `annotationFormats` are OpenAPI formats that only annotate (`int64`, `binary`...).
 */
export function specValidators(
  spec: Json,
  id: string,
  annotationFormats: readonly string[],
): (pointer: string) => ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  for (const format of annotationFormats) ajv.addFormat(format, true);
  ajv.addSchema(spec, id);
  const cache = new Map<string, ValidateFunction>();
  return (pointer) => {
    let fn = cache.get(pointer);
    if (!fn) {
      fn = ajv.compile({ $ref: `${id}${pointer}` });
      cache.set(pointer, fn);
    }
    return fn;
  };
}

/** A path segment escaped for a JSON pointer. */
export const escapePointer = (part: string) => part.replace(/~/g, '~0').replace(/\//g, '~1');

/** The spec path template that matches a concrete path (literal segments win over `{params}`). */
export function templateFor(
  paths: Record<string, unknown>,
  method: string,
  path: string,
): string | undefined {
  const candidates = Object.keys(paths).filter((template) => {
    const ops = paths[template] as Record<string, unknown> | undefined;
    if (!ops?.[method.toLowerCase()]) return false;
    return new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path);
  });
  return candidates.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))[0];
}
