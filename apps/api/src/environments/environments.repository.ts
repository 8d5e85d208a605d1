import { Inject, Injectable } from '@nestjs/common';
import type { BuildLogLine as BuildLogLineView } from '@sluice/api-contract';
import type { Kysely } from 'kysely';
import {
  type Database,
  DB,
  type EnvironmentBuildLogRow,
  type EnvironmentRow,
  type EnvironmentUpdate,
} from '../db/index.js';
import type { EnvironmentStatus } from './environment.types.js';

export interface NewEnvironment {
  name: string;
  description: string;
  requirements: string;
  flinkVersion: string | null;
  jars: string[];
}

export type BuildLogLine = BuildLogLineView<Date>;

const isDuplicate = (error: unknown) => (error as { code?: string }).code === 'ER_DUP_ENTRY';

/** SQL for environments and their build logs. */
@Injectable()
export class EnvironmentsRepository {
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  /** Inserts a PENDING environment; returns undefined when the name is taken. */
  async insert(input: NewEnvironment): Promise<EnvironmentRow | undefined> {
    const now = new Date();
    try {
      await this.db
        .insertInto('environments')
        .values({
          name: input.name,
          description: input.description,
          requirements: input.requirements,
          flink_version: input.flinkVersion,
          jars: JSON.stringify(input.jars),
          status: 'PENDING',
          created_at: now,
          updated_at: now,
        })
        .execute();
    } catch (error) {
      if (isDuplicate(error)) return undefined;
      throw error;
    }
    return this.findByName(input.name);
  }

  findByName(name: string): Promise<EnvironmentRow | undefined> {
    return this.db.selectFrom('environments').selectAll().where('name', '=', name).executeTakeFirst();
  }

  findById(id: number): Promise<EnvironmentRow | undefined> {
    return this.db.selectFrom('environments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  list(): Promise<EnvironmentRow[]> {
    return this.db.selectFrom('environments').selectAll().orderBy('name').execute();
  }

  async update(id: number, fields: EnvironmentUpdate): Promise<void> {
    await this.db
      .updateTable('environments')
      .set({ ...fields, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  /** Starts a new build number and marks the environment QUEUED; returns the build number. */
  async queueBuild(id: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('environments')
        .select('build_number')
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const buildNumber = row.build_number + 1;
      await trx
        .updateTable('environments')
        .set({
          build_number: buildNumber,
          status: 'QUEUED',
          progress: 0,
          build_step: 'waiting for a worker',
          error: null,
          updated_at: new Date(),
          build_started_at: null,
          build_finished_at: null,
        })
        .where('id', '=', id)
        .execute();
      return buildNumber;
    });
  }

  /**
   * Updates build state only while `buildNumber` is still the environment's current build: a
   * superseded build (rebuild requested meanwhile) cannot overwrite the newer one's state.
   */
  async updateBuild(
    id: number,
    buildNumber: number,
    fields: EnvironmentUpdate & { status?: EnvironmentStatus },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('environments')
      .set({ ...fields, updated_at: new Date() })
      .where('id', '=', id)
      .where('build_number', '=', buildNumber)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('environments').where('id', '=', id).execute();
  }

  async appendLog(environmentId: number, buildNumber: number, lines: readonly BuildLogLine[]): Promise<void> {
    if (lines.length === 0) return;
    await this.db
      .insertInto('environment_build_logs')
      .values(
        lines.map((l) => ({
          environment_id: environmentId,
          build_number: buildNumber,
          seq: l.seq,
          at: l.at,
          stream: l.stream,
          message: l.message,
        })),
      )
      .execute();
  }

  /** Drops the logs of builds older than the last `keep`. */
  async pruneLogs(environmentId: number, currentBuild: number, keep = 3): Promise<void> {
    await this.db
      .deleteFrom('environment_build_logs')
      .where('environment_id', '=', environmentId)
      .where('build_number', '<=', currentBuild - keep)
      .execute();
  }

  buildLog(
    environmentId: number,
    buildNumber: number,
    afterSeq: number,
    limit: number,
  ): Promise<EnvironmentBuildLogRow[]> {
    return this.db
      .selectFrom('environment_build_logs')
      .selectAll()
      .where('environment_id', '=', environmentId)
      .where('build_number', '=', buildNumber)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }

  /** Names of jobs whose current version uses the environment. */
  async jobsUsing(name: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('jobs')
      .select('name')
      .where('environment', '=', name)
      .orderBy('name')
      .execute();
    return rows.map((r) => r.name);
  }
}
