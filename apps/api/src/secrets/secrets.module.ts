import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { JobSecretsStore } from './job-secrets.store.js';
import { SecretBox } from './secret-box.js';

/** Encryption at rest (SLUICE_SECRET_KEY) and the job secret store, for every feature module. */
@Global()
@Module({
  providers: [
    {
      provide: SecretBox,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new SecretBox(config.secretKey.reveal()),
    },
    JobSecretsStore,
  ],
  exports: [SecretBox, JobSecretsStore],
})
export class SecretsModule {}
