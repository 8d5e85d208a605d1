import { inspect } from 'node:util';

const REDACTED = '[REDACTED]';

/**
 * Holds a secret so that it cannot leak by accident: JSON.stringify, string
 * interpolation, util.inspect and pino all see `[REDACTED]`. Call `reveal()`
 * only at the point of use (e.g. when deriving an encryption key).
 *
 * @example
 * const key = new SecretValue(Buffer.alloc(32));
 * JSON.stringify({ key }); // '{"key":"[REDACTED]"}'
 * key.reveal().length;     // 32
 */
export class SecretValue<T = Buffer> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  reveal(): T {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
