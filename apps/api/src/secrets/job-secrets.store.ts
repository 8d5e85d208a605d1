import { Inject, Injectable } from '@nestjs/common';
import type { SecretStatus as SecretStatusView } from '@sluice/api-contract';
import type { Kysely, Transaction } from 'kysely';
import { type Database, DB } from '../db/index.js';
import { SecretBox } from './secret-box.js';

/** What the API may say about a stored secret: that it exists, never its value. */
export type SecretStatus = Extract<SecretStatusView<Date>, { set: true }>;

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Secret parameter values of jobs, encrypted at rest with SLUICE_SECRET_KEY (AES-256-GCM). Each
 * value is bound to its job and parameter name, so a row copied elsewhere does not decrypt.
 * Decrypted values leave this class only through `reveal`, which the run executor calls right
 * before a run starts.
 *
 * @example
 * await secrets.put(jobId, { db_pass: 's3cret' });
 * await secrets.status(jobId);  // { db_pass: { set: true, updatedAt } }
 * await secrets.reveal(jobId);  // { db_pass: 's3cret' }
 */
@Injectable()
export class JobSecretsStore {
  constructor(
    @Inject(DB) private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
  ) {}

  private context(jobId: number, name: string): string {
    return `job-secret:${jobId}:${name}`;
  }

  /** Sets values (a `null` value deletes that secret). Pass `trx` to write within a job save. */
  async put(jobId: number, values: Readonly<Record<string, string | null>>, trx?: Executor): Promise<void> {
    const db = trx ?? this.db;
    const now = new Date();
    for (const [name, value] of Object.entries(values)) {
      if (value === null) {
        await db.deleteFrom('job_secrets').where('job_id', '=', jobId).where('name', '=', name).execute();
        continue;
      }
      const sealed = this.box.seal(value, this.context(jobId, name));
      await db
        .insertInto('job_secrets')
        .values({ job_id: jobId, name, sealed, updated_at: now })
        .onDuplicateKeyUpdate({ sealed, updated_at: now })
        .execute();
    }
  }

  /** Deletes every secret of the job whose name is not in `keep`. */
  async retainOnly(jobId: number, keep: readonly string[], trx?: Executor): Promise<void> {
    let query = (trx ?? this.db).deleteFrom('job_secrets').where('job_id', '=', jobId);
    if (keep.length > 0) query = query.where('name', 'not in', [...keep]);
    await query.execute();
  }

  async status(jobId: number): Promise<Record<string, SecretStatus>> {
    const rows = await this.db
      .selectFrom('job_secrets')
      .select(['name', 'updated_at'])
      .where('job_id', '=', jobId)
      .orderBy('name')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.name, { set: true as const, updatedAt: r.updated_at }]));
  }

  /** Decrypted values by parameter name. Throws `SecretDecryptError` naming the parameter. */
  async reveal(jobId: number): Promise<Record<string, string>> {
    const rows = await this.db
      .selectFrom('job_secrets')
      .select(['name', 'sealed'])
      .where('job_id', '=', jobId)
      .execute();
    const out: Record<string, string> = {};
    for (const row of rows) {
      try {
        out[row.name] = this.box.open(Buffer.from(row.sealed), this.context(jobId, row.name));
      } catch (error) {
        (error as Error).message = `secret parameter \`${row.name}\`: ${(error as Error).message}`;
        throw error;
      }
    }
    return out;
  }

  /** Seals a run's secret parameter values (supplied with "run now") into one blob for the run row. */
  sealRunSecrets(jobId: number, values: Readonly<Record<string, string>>): Buffer | null {
    if (Object.keys(values).length === 0) return null;
    return this.box.seal(JSON.stringify(values), `run-secrets:${jobId}`);
  }

  openRunSecrets(jobId: number, sealed: Buffer | null): Record<string, string> {
    if (!sealed) return {};
    return JSON.parse(this.box.open(Buffer.from(sealed), `run-secrets:${jobId}`)) as Record<string, string>;
  }
}
