package dev.sluice.flink.jdbc;

import java.util.Optional;
import org.apache.flink.connector.jdbc.core.database.JdbcFactory;
import org.apache.flink.connector.jdbc.core.database.catalog.JdbcCatalog;
import org.apache.flink.connector.jdbc.core.database.dialect.JdbcDialect;
import org.apache.flink.connector.jdbc.mysql.database.dialect.MySqlDialect;

/**
 * Lets Flink's 'jdbc' connector take {@code jdbc:mariadb:} URLs: the MySQL dialect (MariaDB speaks
 * the same SQL, upserts included) with MariaDB Connector/J as the driver.
 *
 * <p>Why not MySQL Connector/J with a {@code jdbc:mysql:} URL: MariaDB 10.x announces itself as
 * {@code 5.5.5-10.x}, Connector/J takes that for MySQL 5.5 and drops the fractional seconds of
 * every TIMESTAMP(3) it writes. Flink publishes no MariaDB dialect, so infra/install.sh compiles
 * this class against the connector jars in FLINK_HOME/lib.
 */
public class MariaDbFactory implements JdbcFactory {
  @Override
  public boolean acceptsURL(String url) {
    return url.startsWith("jdbc:mariadb:");
  }

  @Override
  public JdbcDialect createDialect() {
    return new MariaDbDialect();
  }

  @Override
  public JdbcCatalog createCatalog(
      ClassLoader classLoader,
      String catalogName,
      String defaultDatabase,
      String username,
      String pwd,
      String baseUrl) {
    throw new UnsupportedOperationException(
        "no JDBC catalog for jdbc:mariadb: URLs; declare tables with 'connector' = 'jdbc'");
  }

  /** MySQL's SQL, MariaDB's driver, and none of Connector/J's URL defaults. */
  public static class MariaDbDialect extends MySqlDialect {
    private static final long serialVersionUID = 1L;

    @Override
    public Optional<String> defaultDriverName() {
      return Optional.of("org.mariadb.jdbc.Driver");
    }

    @Override
    public String dialectName() {
      return "MariaDB";
    }

    @Override
    public String appendDefaultUrlProperties(String url) {
      // MySqlDialect adds Connector/J's rewriteBatchedStatements; MariaDB's driver batches by itself.
      return url;
    }
  }
}
