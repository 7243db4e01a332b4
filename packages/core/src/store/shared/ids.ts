import { randomUUID } from 'node:crypto';
import { idSchema } from '../../schemas/common.js';
import { parseArg } from './inputs.js';

/**
 * Checks an id argument and lowercases it: Postgres returns uuids in lowercase, so the memory
 * store must too for both to behave the same.
 */
export function parseId(value: unknown, name: string): string {
  return parseArg(idSchema, value, name).toLowerCase();
}

/** Lowercases an id that was already validated as a UUID. */
export function normalizeId(value: string): string {
  return value.toLowerCase();
}

export function newId(): string {
  return randomUUID();
}
