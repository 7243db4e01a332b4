export type { EmbeddedPostgresServer, StartEmbeddedPostgresOptions } from './embedded.js';
export { startEmbeddedPostgres } from './embedded.js';
export { EmbeddedPostgresError } from './errors.js';
export { findFreePort } from './free-port.js';
export type { CreateTestDatabaseOptions, TestDatabase } from './test-database.js';
export { createTestDatabase } from './test-database.js';
