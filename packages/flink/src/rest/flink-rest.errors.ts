/**
 * Errors of the Flink REST client. Callers branch on the class: a reconcile loop treats
 * {@link FlinkUnreachableError} as "cluster lost, keep the job and retry", {@link FlinkNotFoundError}
 * as "the cluster does not know this job", and any other {@link FlinkHttpError} as a bug or a
 * refused operation.
 */

/** Base class of every error the client throws. */
export class FlinkRestError extends Error {
  constructor(
    message: string,
    readonly method: string,
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'FlinkRestError';
  }
}

/** No HTTP answer: connection refused, DNS failure, reset, or no answer within the timeout. */
export class FlinkUnreachableError extends FlinkRestError {
  constructor(
    message: string,
    method: string,
    path: string,
    readonly timedOut: boolean,
    options?: ErrorOptions,
  ) {
    super(message, method, path, options);
    this.name = 'FlinkUnreachableError';
  }
}

/** Flink answered with a non-2xx status. `errors` are the first lines of Flink's `errors` array. */
export class FlinkHttpError extends FlinkRestError {
  constructor(
    message: string,
    method: string,
    path: string,
    readonly status: number,
    readonly errors: readonly string[],
  ) {
    super(message, method, path);
    this.name = 'FlinkHttpError';
  }

  /** 4xx: the request (or the job's state) was wrong; retrying the same call will not help. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

/** 404: the cluster does not know the job (never submitted here, or expired from its history). */
export class FlinkNotFoundError extends FlinkHttpError {
  constructor(message: string, method: string, path: string, errors: readonly string[]) {
    super(message, method, path, 404, errors);
    this.name = 'FlinkNotFoundError';
  }
}

/** A 2xx answer whose body is not the JSON the endpoint documents. */
export class FlinkProtocolError extends FlinkRestError {
  constructor(message: string, method: string, path: string) {
    super(message, method, path);
    this.name = 'FlinkProtocolError';
  }
}

/** A savepoint (or stop-with-savepoint) that Flink reported as failed, or that did not finish in time. */
export class FlinkSavepointError extends Error {
  constructor(
    message: string,
    readonly jobId: string,
    /** Flink's failure stack trace, when it reported one. */
    readonly flinkStackTrace?: string,
  ) {
    super(message);
    this.name = 'FlinkSavepointError';
  }
}
