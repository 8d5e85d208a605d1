/**
 * Which option keys hold credentials. Used to warn about literal secrets and to redact values in
 * diffs, so that a secret typed into a job never travels further than the job itself.
 */

/** Option keys whose value is a credential (`password`, `properties.sasl.jaas.config`, ...). */
export const CREDENTIAL_KEY =
  /(^|[.-])password$|jaas\.config$|(^|[.-])secret$|token$|(^|[.-])key\.password$/i;

/** What a redacted value is replaced with. */
export const REDACTED = '••••••';
