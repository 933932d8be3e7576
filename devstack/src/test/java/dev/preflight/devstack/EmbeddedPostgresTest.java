package dev.preflight.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Exercises the embedded path explicitly: on machines with a PostgreSQL server the tests never take
 * it otherwise, and it must not rot.
 */
class EmbeddedPostgresTest {

  @Test
  void anEmbeddedServerStartsAndCreatesAndDropsADatabase() throws Exception {
    try (PostgresServer server = PostgresServer.embedded(Optional.empty(), 0)) {
      assertThat(server.source()).isEqualTo(PostgresServer.Source.EMBEDDED);

      server.createDatabase("preflight_embedded_check");
      try (var connection =
              DriverManager.getConnection(
                  server.jdbcUrl("preflight_embedded_check"), "postgres", "");
          var result = connection.createStatement().executeQuery("SHOW server_version")) {
        result.next();
        assertThat(result.getString(1)).startsWith("17.");
      }
      server.dropDatabase("preflight_embedded_check");

      assertThat(server.databaseExists("preflight_embedded_check")).isFalse();
    }
  }

  @Test
  void aConfiguredUrlThatIsNotPostgresIsRefusedClearly() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                PostgresServer.configured("jdbc:mysql://db/x", Optional.empty(), Optional.empty()))
        .hasMessageContaining("not a PostgreSQL JDBC URL");
  }
}
