/**
 * `@relaypost/core/schemas`: the zod schemas of RelayPost's data and of every change to a post,
 * with the validation error they produce. Nothing here uses Node's built-ins, so Temporal
 * workflow code (the update validators) imports it.
 *
 * @packageDocumentation
 */
export { parseOrThrow, ValidationError, type ValidationIssue } from './errors/validation-error.js';
export * from './schemas/index.js';
