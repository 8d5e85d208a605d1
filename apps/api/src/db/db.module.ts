import { Global, Module } from '@nestjs/common';
import { MysqlClient } from '../clients/index.js';
import { createKysely, DB } from './kysely.js';
import { MigrationService } from './migration.service.js';

/**
 * The typed query builder (`DB`) on the shared MySQL pool, and migrations applied at boot.
 * Global so that every feature's repository can inject `DB` without importing this module.
 */
@Global()
@Module({
  providers: [
    { provide: DB, inject: [MysqlClient], useFactory: (mysql: MysqlClient) => createKysely(mysql.pool) },
    MigrationService,
  ],
  exports: [DB, MigrationService],
})
export class DbModule {}
