import { z } from 'zod';

// Part of what the API sends: `@sluice/api-contract` declares it.
export { ENVIRONMENT_STATUSES, type EnvironmentStatus } from '@sluice/api-contract';

/** The environment every job uses unless it names another; created on first start. */
export const DEFAULT_ENVIRONMENT = 'default';

const MAX_REQUIREMENTS_CHARS = 65_536;

/** pip options a requirements file may carry; anything else (`-r`, `-e`, `-c`...) could read host files. */
const ALLOWED_PIP_OPTIONS = [
  '--index-url',
  '-i',
  '--extra-index-url',
  '--trusted-host',
  '--find-links',
  '-f',
  '--pre',
  '--only-binary',
  '--no-binary',
  '--prefer-binary',
];

/**
 * Problems with a requirements text, each naming its line. Requirement specifiers are left to pip
 * (it explains them best); what is refused here is what would let a build read the host's files.
 *
 * @example
 * requirementsProblems('requests==2.32.3\n-r /etc/passwd'); // ['line 2: ...']
 */
export function requirementsProblems(text: string): string[] {
  const problems: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    const where = `line ${index + 1}`;
    if (line.startsWith('-')) {
      const option = line.split(/[\s=]/, 1)[0] ?? line;
      if (!ALLOWED_PIP_OPTIONS.includes(option)) {
        problems.push(
          `${where}: pip option \`${option}\` is not allowed here (allowed: ${ALLOWED_PIP_OPTIONS.join(', ')})`,
        );
      } else if (/file:|(^|[\s=])(\.{0,2}\/)/.test(line)) {
        problems.push(`${where}: \`${option}\` must point at a package index URL, not a local path`);
      }
      return;
    }
    if (/^(file:|\.{0,2}\/|~)/.test(line) || /@\s*file:/.test(line)) {
      problems.push(
        `${where}: local paths are not allowed; name a package from an index (e.g. \`requests==2.32.3\`)`,
      );
    }
  });
  return problems;
}

const nameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, {
  error: 'must be 1-63 lowercase letters, digits, `-` or `_`, starting with a letter or digit',
});

const requirementsSchema = z
  .string()
  .max(MAX_REQUIREMENTS_CHARS)
  .superRefine((text, ctx) => {
    for (const message of requirementsProblems(text)) ctx.addIssue({ code: 'custom', message });
  });

/** Maven coordinates `group:artifact:version` (optionally `:classifier`) of an extra jar. */
const jarSchema = z.string().regex(/^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.+-]+(:[A-Za-z0-9_.-]+)?$/, {
  error: 'must be Maven coordinates group:artifact:version, e.g. org.apache.flink:flink-ml-uber:2.3.0',
});

export const createEnvironmentSchema = z.strictObject({
  name: nameSchema,
  description: z.string().max(2_000).default(''),
  /** A pip requirements file (one requirement per line). */
  requirements: requirementsSchema.default(''),
  /** Real-time jobs (issue 5): the Flink line this environment targets, e.g. `2.2`. */
  flinkVersion: z
    .string()
    .regex(/^\d+\.\d+(\.\d+)?$/, { error: 'must be a Flink version such as 2.2 or 2.2.0' })
    .nullable()
    .default(null),
  /** Real-time jobs: extra jars as Maven coordinates. */
  jars: z.array(jarSchema).max(100).default([]),
  /** Start a build right away (default true). */
  build: z.boolean().default(true),
});

export const updateEnvironmentSchema = createEnvironmentSchema.omit({ name: true }).partial().strict();

export type CreateEnvironmentInput = z.infer<typeof createEnvironmentSchema>;
export type UpdateEnvironmentInput = z.infer<typeof updateEnvironmentSchema>;
