import { BadRequestException } from '@nestjs/common';
import type { ApiBodyOptions } from '@nestjs/swagger';
import type { ApiIssue } from '@sluice/api-contract';
import { z } from 'zod';

/** An OpenAPI schema object as `@ApiBody({ schema })` takes it (swagger does not export the type). */
export type SchemaObject = Extract<ApiBodyOptions, { schema: unknown }>['schema'];

/** One problem with a request, as every 400 of the `/api/v1` routes reports it. */
export type RequestIssue = ApiIssue;

/** A 400 listing every issue, not just the first: the canvas marks them all at once. */
export class RequestInvalidException extends BadRequestException {
  constructor(summary: string, issues: readonly RequestIssue[]) {
    super({ statusCode: 400, error: 'Bad Request', message: summary, issues });
  }
}

function formatZodPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(body)' : out;
}

/**
 * Parses request input with a zod schema or throws a 400 naming every bad field.
 *
 * @example
 * const query = parseRequest(listQuerySchema, req.query, 'query'); // 400: "query.limit: ..." on bad input
 */
export function parseRequest<T extends z.ZodType>(schema: T, input: unknown, where = ''): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: formatZodPath(where, issue.path),
    message: issue.message,
    code: `schema.${issue.code}`,
  }));
  throw new RequestInvalidException(
    `${where === '' ? 'request body' : where} is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
}

/**
 * The OpenAPI 3.0 schema of a zod schema, for `@ApiBody({ schema })` / `@ApiQuery`: the docs
 * come from the same schema that validates, so they cannot drift apart.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as SchemaObject;
}
