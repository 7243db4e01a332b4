/**
 * `@relaypost/core/postgres`: the Postgres store (kysely + pg) and its migrations. Kept apart from
 * the main entry because `kysely` and `pg` are optional peer dependencies.
 *
 * @packageDocumentation
 */
export * from './store/postgres/index.js';
