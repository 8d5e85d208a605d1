/** A parsed `jdbc:mysql://` / `jdbc:mariadb://` URL, the form Flink's JDBC connector takes. */
export interface JdbcTarget {
  host: string;
  port: number;
  database: string;
  /** Query parameters (`useSSL`, `connectTimeout`, ...), keys as written. */
  params: Record<string, string>;
  /** Credentials embedded in the URL (`user:pw@host` or `?user=&password=`), if any. */
  user?: string;
  password?: string;
  /** `host:port/database`: safe to show, never carries credentials. */
  display: string;
}

const EXAMPLE = 'jdbc:mysql://127.0.0.1:3306/sluice';

/**
 * Parses a MySQL/MariaDB JDBC URL. Throws with a message that shows the expected form (and never
 * echoes the URL itself, which may carry a password).
 *
 * @example
 * parseJdbcUrl('jdbc:mariadb://db.internal:3307/shop?useSSL=true');
 * // { host: 'db.internal', port: 3307, database: 'shop', params: { useSSL: 'true' }, display: 'db.internal:3307/shop' }
 */
export function parseJdbcUrl(url: string): JdbcTarget {
  const m = /^jdbc:(mysql|mariadb):\/\/([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?$/i.exec(url.trim());
  if (!m) {
    if (/^jdbc:[a-z0-9]+:/i.test(url.trim())) {
      const vendor = /^jdbc:([a-z0-9]+):/i.exec(url.trim())?.[1];
      throw new Error(
        `option \`url\`: only MySQL and MariaDB are supported by batch runs, not \`${vendor}\``,
      );
    }
    throw new Error(`option \`url\` must look like ${EXAMPLE}`);
  }
  const [, , authority = '', rawDb = '', query = ''] = m;
  let hostPart = authority;
  let user: string | undefined;
  let password: string | undefined;
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    const creds = authority.slice(0, at);
    hostPart = authority.slice(at + 1);
    const colon = creds.indexOf(':');
    user = decodeURIComponent(colon >= 0 ? creds.slice(0, colon) : creds);
    if (colon >= 0) password = decodeURIComponent(creds.slice(colon + 1));
  }
  if (hostPart.includes(',')) {
    throw new Error(
      'option `url`: several hosts (failover URLs) are not supported by batch runs; name one host',
    );
  }
  const hm = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(hostPart);
  if (!hm) throw new Error(`option \`url\` must name a host, like ${EXAMPLE}`);
  const host = (hm[1] as string).replace(/^\[(.*)\]$/, '$1');
  const port = hm[2] === undefined ? 3306 : Number(hm[2]);
  if (port < 1 || port > 65_535) throw new Error(`option \`url\`: port ${port} is out of range`);
  const database = decodeURIComponent(rawDb);
  if (!database || database.includes('/')) {
    throw new Error(`option \`url\` must name one database after the host, like ${EXAMPLE}`);
  }
  const params: Record<string, string> = {};
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decodeURIComponent(eq >= 0 ? pair.slice(0, eq) : pair);
    const value = eq >= 0 ? decodeURIComponent(pair.slice(eq + 1)) : '';
    params[key] = value;
  }
  if (params.user !== undefined) user = params.user;
  if (params.password !== undefined) password = params.password;
  delete params.user;
  delete params.password;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { host, port, database, params, user, password, display: `${shownHost}:${port}/${database}` };
}

/**
 * Backtick-quotes a MySQL identifier (backticks doubled). A `table-name` is quoted whole, as
 * Flink's MySQL dialect does, so the same option names the same table in both runtimes.
 *
 * @example
 * quoteIdentifier('log-patterns'); // '`log-patterns`'
 */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}
