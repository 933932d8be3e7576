package dev.preflight.testing;

import dev.preflight.devstack.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL database for {@code @QuarkusTest}s: on the server of {@code
 * PREFLIGHT_TEST_JDBC_URL} if set, else on 127.0.0.1:5432 if it answers, else on an embedded
 * server. Each test run creates its own database and drops it at the end.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

  public static final String JDBC_URL_ENV = "PREFLIGHT_TEST_JDBC_URL";
  public static final String USER_ENV = "PREFLIGHT_TEST_JDBC_USER";
  public static final String PASSWORD_ENV = "PREFLIGHT_TEST_JDBC_PASSWORD";

  private static final Logger LOG = Logger.getLogger(PostgresResource.class);
  private static PostgresServer server;

  private String database;

  @Override
  public Map<String, String> start() {
    PostgresServer postgres = server();
    database = "preflight_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try {
      postgres.createDatabase(database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database on " + postgres, e);
    }
    LOG.infof("Test database %s on %s", database, postgres);
    Map<String, String> config = new HashMap<>();
    config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
    config.put("quarkus.datasource.username", postgres.user().orElse("postgres"));
    config.put("quarkus.datasource.password", postgres.password().orElse(""));
    config.put("quarkus.datasource.devservices.enabled", "false");
    return config;
  }

  /** The server the tests of this JVM use, found on first use. */
  public static synchronized PostgresServer server() {
    if (server == null) {
      try {
        server = PostgresServer.resolve(env(JDBC_URL_ENV), env(USER_ENV), env(PASSWORD_ENV));
      } catch (IOException e) {
        throw new UncheckedIOException("no PostgreSQL for the tests", e);
      }
      PostgresServer started = server;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException e) {
                      LOG.warn("cannot stop PostgreSQL", e);
                    }
                  },
                  "postgres-stop"));
    }
    return server;
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
  }

  @Override
  public void stop() {
    if (database != null) {
      try {
        server().dropDatabase(database);
      } catch (SQLException e) {
        LOG.warnf(e, "cannot drop test database %s", database);
      }
    }
  }
}
