import { describe, expect, it } from 'vitest';
import { parseJdbcUrl, quoteIdentifier } from './jdbc-url.js';

describe('parseJdbcUrl', () => {
  it('reads host, port, database and parameters of mysql and mariadb URLs', () => {
    expect(parseJdbcUrl('jdbc:mysql://db.internal:3307/shop?useSSL=true&connectTimeout=500')).toEqual({
      host: 'db.internal',
      port: 3307,
      database: 'shop',
      params: { useSSL: 'true', connectTimeout: '500' },
      display: 'db.internal:3307/shop',
    });
    expect(parseJdbcUrl('jdbc:mariadb://10.0.0.5/logs')).toMatchObject({
      host: '10.0.0.5',
      port: 3306,
      database: 'logs',
    });
    expect(parseJdbcUrl('jdbc:mysql://[::1]:3306/x')).toMatchObject({ host: '::1', display: '[::1]:3306/x' });
  });

  it('takes credentials from the URL but never shows them', () => {
    const target = parseJdbcUrl('jdbc:mysql://app:p%40ss@db:3306/x?password=other&user=u2');
    expect(target).toMatchObject({ user: 'u2', password: 'other', display: 'db:3306/x', params: {} });
    expect(parseJdbcUrl('jdbc:mysql://app:p%40ss@db/x')).toMatchObject({ user: 'app', password: 'p@ss' });
  });

  it('explains what is wrong without echoing the URL', () => {
    expect(() => parseJdbcUrl('mysql://db/x')).toThrow(
      'option `url` must look like jdbc:mysql://127.0.0.1:3306/sluice',
    );
    expect(() => parseJdbcUrl('jdbc:postgresql://db/x')).toThrow(
      'only MySQL and MariaDB are supported by batch runs, not `postgresql`',
    );
    expect(() => parseJdbcUrl('jdbc:mysql://db:3306')).toThrow('must name one database after the host');
    expect(() => parseJdbcUrl('jdbc:mysql://a,b/x')).toThrow('several hosts');
    expect(() => parseJdbcUrl('jdbc:mysql://db:99999/x')).toThrow('port 99999 is out of range');
    expect(() => parseJdbcUrl('jdbc:mysql://u:secret@db:99999/x')).not.toThrow(/secret/);
  });
});

describe('quoteIdentifier', () => {
  it('backtick-quotes and doubles embedded backticks, keeping dots and hyphens inside one name', () => {
    expect(quoteIdentifier('log-patterns')).toBe('`log-patterns`');
    expect(quoteIdentifier('a`b')).toBe('`a``b`');
    expect(quoteIdentifier('x`; DROP TABLE y; --')).toBe('`x``; DROP TABLE y; --`');
  });
});
