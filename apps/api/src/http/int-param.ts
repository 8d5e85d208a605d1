import { BadRequestException, ParseIntPipe } from '@nestjs/common';

/**
 * `ParseIntPipe` whose 400 names the parameter (Nest's own says only "numeric string is expected").
 *
 * @example
 * get(@Param('id', intParam('run id')) id: number) // GET /runs/abc -> 400 "run id must be a whole number, not 'abc'"
 */
export function intParam(what: string, options: { optional?: boolean } = {}): ParseIntPipe {
  return new ParseIntPipe({
    ...options,
    exceptionFactory: () => new BadRequestException(`${what} must be a whole number`),
  });
}
