import { Inject, Injectable } from '@nestjs/common';
import { type Kysely, sql, type Transaction } from 'kysely';
import { type Database, DB, fromJson, type JobRow, type JobVersionRow } from '../db/index.js';

/** A job row joined with its current version. */
export interface StoredJob {
  id: number;
  name: string;
  kind: string;
  version: number;
  contentHash: string;
  scheduleEnabled: boolean;
  scheduleSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** The stored job (secret parameter defaults removed), parsed from JSON. */
  document: unknown;
}

export interface StoredVersion {
  version: number;
  contentHash: string;
  createdAt: Date;
  document: unknown;
}

export interface NewVersion {
  contentHash: string;
  document: unknown;
}

export interface JobListFilter {
  kind?: string;
  /** Substring of the name. */
  search?: string;
  limit: number;
  offset: number;
}

function toStored(job: JobRow, version: JobVersionRow): StoredJob {
  return {
    id: job.id,
    name: job.name,
    kind: job.kind,
    version: version.version,
    contentHash: version.content_hash,
    scheduleEnabled: job.schedule_enabled === 1,
    scheduleSince: job.schedule_since,
    createdAt: job.created_at,
    updatedAt: job.updated_at,
    document: fromJson(version.document),
  };
}

/** SQL for jobs and their immutable versions. */
@Injectable()
export class JobsRepository {
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  /** Inserts a job with version 1. Throws the driver's ER_DUP_ENTRY when the name is taken. */
  async create(
    input: { name: string; kind: string; environment: string; scheduleEnabled: boolean },
    version: NewVersion,
    afterInsert?: (trx: Transaction<Database>, jobId: number) => Promise<void>,
  ): Promise<StoredJob> {
    const now = new Date();
    const jobId = await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('jobs')
        .values({
          name: input.name,
          kind: input.kind,
          environment: input.environment,
          current_version: 1,
          schedule_enabled: input.scheduleEnabled ? 1 : 0,
          schedule_since: input.scheduleEnabled ? now : null,
          created_at: now,
          updated_at: now,
        })
        .executeTakeFirstOrThrow();
      const id = Number(inserted.insertId);
      await trx
        .insertInto('job_versions')
        .values({
          job_id: id,
          version: 1,
          content_hash: version.contentHash,
          document: JSON.stringify(version.document),
          created_at: now,
        })
        .execute();
      await afterInsert?.(trx, id);
      return id;
    });
    return (await this.findById(jobId))!;
  }

  /**
   * Appends a version when the content hash differs from the current one (saving the same
   * content twice does not make a new version). `scheduleEnabled`, when given, sets the live
   * switch in the same transaction.
   */
  async addVersion(
    jobId: number,
    version: NewVersion & { environment: string },
    options: {
      scheduleEnabled?: boolean;
      scheduleChanged?: boolean;
      afterWrite?: (trx: Transaction<Database>) => Promise<void>;
    } = {},
  ): Promise<{ job: StoredJob; created: boolean }> {
    const created = await this.db.transaction().execute(async (trx) => {
      const job = await trx
        .selectFrom('jobs')
        .selectAll()
        .where('id', '=', jobId)
        .forUpdate()
        .executeTakeFirst();
      if (!job) throw new Error(`job ${jobId} disappeared`);
      const current = await trx
        .selectFrom('job_versions')
        .select('content_hash')
        .where('job_id', '=', jobId)
        .where('version', '=', job.current_version)
        .executeTakeFirstOrThrow();
      const now = new Date();
      const changed = current.content_hash !== version.contentHash;
      if (changed) {
        await trx
          .insertInto('job_versions')
          .values({
            job_id: jobId,
            version: job.current_version + 1,
            content_hash: version.contentHash,
            document: JSON.stringify(version.document),
            created_at: now,
          })
          .execute();
      }
      const enabled = options.scheduleEnabled ?? job.schedule_enabled === 1;
      const since =
        enabled && (job.schedule_enabled !== 1 || options.scheduleChanged)
          ? now
          : enabled
            ? job.schedule_since
            : null;
      await trx
        .updateTable('jobs')
        .set({
          current_version: changed ? job.current_version + 1 : job.current_version,
          environment: version.environment,
          schedule_enabled: enabled ? 1 : 0,
          schedule_since: since,
          updated_at: changed ? now : job.updated_at,
        })
        .where('id', '=', jobId)
        .execute();
      await options.afterWrite?.(trx);
      return changed;
    });
    return { job: (await this.findById(jobId))!, created };
  }

  /** Flips the live schedule switch; returns false when it already had that value. */
  async setScheduleEnabled(jobId: number, enabled: boolean): Promise<boolean> {
    const now = new Date();
    const result = await this.db
      .updateTable('jobs')
      .set({ schedule_enabled: enabled ? 1 : 0, schedule_since: enabled ? now : null, updated_at: now })
      .where('id', '=', jobId)
      .where('schedule_enabled', '=', enabled ? 0 : 1)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async findByName(name: string): Promise<StoredJob | undefined> {
    const job = await this.db.selectFrom('jobs').selectAll().where('name', '=', name).executeTakeFirst();
    return job ? this.withCurrentVersion(job) : undefined;
  }

  async findById(id: number): Promise<StoredJob | undefined> {
    const job = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return job ? this.withCurrentVersion(job) : undefined;
  }

  private async withCurrentVersion(job: JobRow): Promise<StoredJob> {
    const version = await this.db
      .selectFrom('job_versions')
      .selectAll()
      .where('job_id', '=', job.id)
      .where('version', '=', job.current_version)
      .executeTakeFirstOrThrow();
    return toStored(job, version);
  }

  async list(filter: JobListFilter): Promise<{ items: StoredJob[]; total: number }> {
    let query = this.db
      .selectFrom('jobs')
      .innerJoin('job_versions', (join) =>
        join
          .onRef('job_versions.job_id', '=', 'jobs.id')
          .onRef('job_versions.version', '=', 'jobs.current_version'),
      );
    if (filter.kind) query = query.where('jobs.kind', '=', filter.kind);
    if (filter.search) query = query.where('jobs.name', 'like', `%${escapeLike(filter.search)}%`);
    const [rows, count] = await Promise.all([
      query
        .selectAll('jobs')
        .select([
          'job_versions.content_hash',
          'job_versions.document',
          'job_versions.version',
          'job_versions.created_at as version_created_at',
        ])
        .orderBy('jobs.name')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute(),
      query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) =>
        toStored(r, {
          id: 0,
          job_id: r.id,
          version: r.version,
          content_hash: r.content_hash,
          document: r.document,
          created_at: r.version_created_at,
        }),
      ),
      total: Number(count.n),
    };
  }

  /** Every scheduled job with its current version, for schedule reconciliation at boot. */
  async listScheduled(): Promise<StoredJob[]> {
    const rows = await this.db
      .selectFrom('jobs')
      .innerJoin('job_versions', (join) =>
        join
          .onRef('job_versions.job_id', '=', 'jobs.id')
          .onRef('job_versions.version', '=', 'jobs.current_version'),
      )
      .selectAll('jobs')
      .select([
        'job_versions.content_hash',
        'job_versions.document',
        'job_versions.version',
        'job_versions.created_at as version_created_at',
      ])
      .where('jobs.kind', '=', 'scheduled')
      .execute();
    return rows.map((r) =>
      toStored(r, {
        id: 0,
        job_id: r.id,
        version: r.version,
        content_hash: r.content_hash,
        document: r.document,
        created_at: r.version_created_at,
      }),
    );
  }

  async versions(jobId: number): Promise<Omit<StoredVersion, 'document'>[]> {
    const rows = await this.db
      .selectFrom('job_versions')
      .select(['version', 'content_hash', 'created_at'])
      .where('job_id', '=', jobId)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({ version: r.version, contentHash: r.content_hash, createdAt: r.created_at }));
  }

  async version(jobId: number, version: number): Promise<StoredVersion | undefined> {
    const row = await this.db
      .selectFrom('job_versions')
      .selectAll()
      .where('job_id', '=', jobId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row
      ? {
          version: row.version,
          contentHash: row.content_hash,
          createdAt: row.created_at,
          document: fromJson(row.document),
        }
      : undefined;
  }

  /** Deletes the job; versions, runs, logs and secrets go with it (ON DELETE CASCADE). */
  async delete(jobId: number): Promise<boolean> {
    const result = await this.db.deleteFrom('jobs').where('id', '=', jobId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

/** `%` and `_` in a user's search text are literal characters, not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
