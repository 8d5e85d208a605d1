export type * from './database.js';
export { fromJson } from './database.js';
export { DbModule } from './db.module.js';
export { createKysely, DB } from './kysely.js';
export { MigrationError, migrateToLatest, pendingMigrations } from './migrate.js';
export { MigrationService } from './migration.service.js';
