/**
 * Express middleware around the body parsers: bodies that are not text Sluice can store, and
 * parser failures turned into messages that say what is wrong with the request (the parsers'
 * own say "request entity too large" or "incorrect header check").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasLoneSurrogate } from '@sluice/dag';

/** Content types the parsers read: JSON everywhere, and zip packages for `POST /jobs/import`. */
export const ZIP_CONTENT_TYPES = [
  'application/zip',
  'application/x-zip-compressed',
  'application/octet-stream',
];

/** Limits of the body parsers, in one place for the parsers and the messages. */
export const JSON_BODY_LIMIT = '8mb';
export const ZIP_BODY_LIMIT = '32mb';

const MAX_REPORTED = 10;

type Request = IncomingMessage & { body?: unknown };
type Next = (err?: unknown) => void;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/**
 * Paths (`graph.nodes[0].config.code`) of the strings and keys in `body` that hold an unpaired
 * UTF-16 surrogate: JSON lets `"\ud800"` through, but no database or log can store it as given.
 * Iterative, so that a deeply nested body cannot overflow the stack.
 *
 * @example
 * malformedTextPaths(JSON.parse('{"a":["ok","\\ud800"]}')); // ['a[1]']
 */
export function malformedTextPaths(body: unknown): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[body, '']];
  while (stack.length > 0 && found.length < MAX_REPORTED) {
    const [value, path] = stack.pop() as [unknown, string];
    if (typeof value === 'string') {
      if (hasLoneSurrogate(value)) found.push(path || '(body)');
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}[${i}]`]);
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        const childPath = path ? `${path}.${key}` : key;
        if (hasLoneSurrogate(key)) found.push(`${childPath} (the key)`);
        stack.push([child, childPath]);
      }
    }
  }
  return found;
}

/** 400 for a JSON body with text that is not valid UTF-16, naming every place (up to ten). */
export function rejectMalformedText(req: Request, res: ServerResponse, next: Next): void {
  const body: unknown = req.body;
  const paths = body === undefined || Buffer.isBuffer(body) ? [] : malformedTextPaths(body);
  if (paths.length === 0) {
    next();
    return;
  }
  sendJson(res, 400, {
    statusCode: 400,
    error: 'Bad Request',
    message: `request body has text that is not valid (an unpaired UTF-16 surrogate such as \\ud800) at ${paths.join(', ')}`,
    issues: paths.map((path) => ({
      path,
      message: 'not valid text: an unpaired UTF-16 surrogate (a broken \\uXXXX escape?)',
      code: 'body.invalid-text',
    })),
  });
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/** Body-parser errors as messages that name the problem and the limit. */
export function explainBodyErrors(err: BodyParserError, req: Request, res: ServerResponse, next: Next): void {
  const status = err.status ?? 500;
  let message: string | undefined;
  if (err.type === 'entity.too.large') {
    message = `request body is too large: the limit is ${JSON_BODY_LIMIT.toUpperCase().replace('MB', ' MB')} for JSON and ${ZIP_BODY_LIMIT.toUpperCase().replace('MB', ' MB')} for zip packages`;
  } else if (err.type === 'entity.parse.failed') {
    message = `request body is not valid JSON: ${err.message}`;
  } else if (err.type === 'encoding.unsupported') {
    message = `request body has an unsupported Content-Encoding (${req.headers['content-encoding']}); send it plain, gzip or deflate`;
  } else if (status === 400 && req.headers['content-encoding'] && !err.type) {
    message = `request body is not valid ${req.headers['content-encoding']} data (${err.message})`;
  }
  if (message === undefined) {
    next(err);
    return;
  }
  sendJson(res, status, {
    statusCode: status,
    error: status === 413 ? 'Payload Too Large' : 'Bad Request',
    message,
  });
}

/**
 * 415 for a request body the API cannot read (`text/plain`, a form, no type at all): without it the
 * body is silently dropped and the answer complains about missing fields instead.
 */
export function requireReadableBody(req: Request, res: ServerResponse, next: Next): void {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const readable = type === 'application/json' || type.endsWith('+json') || ZIP_CONTENT_TYPES.includes(type);
  if (!hasBody || readable) {
    next();
    return;
  }
  sendJson(res, 415, {
    statusCode: 415,
    error: 'Unsupported Media Type',
    message: `request body of type '${type || '(none)'}' cannot be read: send JSON (content-type: application/json), or for POST /api/v1/jobs/import a zip (content-type: application/zip)`,
  });
}
