import { Injectable } from '@nestjs/common';
import { type Parameter, secretMasker } from '@sluice/dag';
import { parameterText } from '@sluice/flink';
import { SECRET_PLACEHOLDER } from '../jobs/run-parameters.js';
import { JobSecretsStore } from '../secrets/job-secrets.store.js';
import type { Deployment } from './realtime.repository.js';

export interface ResolvedParams {
  /** Every value the job starts with, secrets included: only for `submitRealtimeJob`. */
  values: Record<string, unknown>;
  /** Replaces each secret value (and its escaped forms) with `***` in text for people. */
  redact: (text: string) => string;
}

/**
 * The parameter values of a deployment's submission, in the same order of precedence as a batch
 * run: declared defaults, then the job's stored secrets (PUT .../secrets), then the values given
 * at start, then the secret values given at start (sealed on the deployment row).
 */
@Injectable()
export class DeploymentParams {
  constructor(private readonly secrets: JobSecretsStore) {}

  async resolve(declared: readonly Parameter[], deployment: Deployment): Promise<ResolvedParams> {
    const values: Record<string, unknown> = {};
    for (const p of declared) if (p.default !== undefined) values[p.name] = p.default;
    Object.assign(values, await this.secrets.reveal(deployment.jobId));
    for (const [name, value] of Object.entries(deployment.params)) {
      if (value !== SECRET_PLACEHOLDER && value !== null && value !== undefined) values[name] = value;
    }
    Object.assign(values, this.secrets.openRunSecrets(deployment.jobId, deployment.secretParams));
    const secretValues = declared
      .filter((p) => p.secret && values[p.name] !== undefined)
      .map((p) => parameterText(values[p.name]));
    return { values, redact: secretMasker(secretValues) };
  }

  /** Only the redactor, for texts (Flink exceptions) stored while the job runs. */
  async redactor(declared: readonly Parameter[], deployment: Deployment): Promise<(text: string) => string> {
    try {
      return (await this.resolve(declared, deployment)).redact;
    } catch {
      // Undecryptable secrets (the key changed): they cannot appear in plain text anywhere then.
      return (text) => text;
    }
  }
}
