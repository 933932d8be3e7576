package dev.preflight.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server Preflight runs against, found in this order: the JDBC URL given by
 * configuration; else the server on 127.0.0.1:5432 if it accepts a login as {@code postgres}; else
 * an embedded PostgreSQL started from the binaries on Maven Central. Creates and drops the
 * databases of the services and of each test run.
 */
public final class PostgresServer implements AutoCloseable {

  /** Where the server came from. */
  public enum Source {
    CONFIGURED,
    LOCAL,
    EMBEDDED
  }

  private static final Logger LOG = Logger.getLogger(PostgresServer.class.getName());
  private static final Pattern JDBC_URL =
      Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/([^?]*)(\\?.*)?");
  private static final int LOCAL_PORT = 5432;

  private final Source source;
  private final String host;
  private final int port;
  private final String adminDatabase;
  private final String query;
  private final Properties credentials;
  private final Optional<EmbeddedPostgres> embedded;

  private PostgresServer(
      Source source,
      String host,
      int port,
      String adminDatabase,
      String query,
      Properties credentials,
      Optional<EmbeddedPostgres> embedded) {
    this.source = source;
    this.host = host;
    this.port = port;
    this.adminDatabase = adminDatabase;
    this.query = query;
    this.credentials = credentials;
    this.embedded = embedded;
  }

  /**
   * The configured server if a JDBC URL is given, else the local one if it answers, else a new
   * embedded one on a free port with its data in a temporary directory.
   */
  public static PostgresServer resolve(
      Optional<String> jdbcUrl, Optional<String> user, Optional<String> password)
      throws IOException {
    if (jdbcUrl.isPresent()) {
      return configured(jdbcUrl.get(), user, password);
    }
    Optional<PostgresServer> local = local();
    if (local.isPresent()) {
      return local.get();
    }
    return embedded(Optional.empty(), 0);
  }

  /** A server given by a JDBC URL; credentials from the arguments or the URL's parameters. */
  public static PostgresServer configured(
      String jdbcUrl, Optional<String> user, Optional<String> password) throws IOException {
    Matcher matcher = JDBC_URL.matcher(jdbcUrl);
    if (!matcher.matches()) {
      throw new IOException(
          "not a PostgreSQL JDBC URL: "
              + jdbcUrl
              + " (expected jdbc:postgresql://host:port/database)");
    }
    Properties credentials = new Properties();
    user.ifPresent(u -> credentials.setProperty("user", u));
    password.ifPresent(p -> credentials.setProperty("password", p));
    String database = matcher.group(3).isEmpty() ? "postgres" : matcher.group(3);
    PostgresServer server =
        new PostgresServer(
            Source.CONFIGURED,
            matcher.group(1),
            matcher.group(2) == null ? LOCAL_PORT : Integer.parseInt(matcher.group(2)),
            database,
            matcher.group(4) == null ? "" : matcher.group(4),
            credentials,
            Optional.empty());
    try (Connection ignored = server.connect(server.adminDatabase)) {
      return server;
    } catch (SQLException e) {
      throw new IOException(
          "cannot connect to the configured PostgreSQL " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  /** An embedded server a process of its own runs on 127.0.0.1:port (see {@link #main}). */
  public static PostgresServer embeddedProcess(int port) throws IOException {
    Properties credentials = new Properties();
    credentials.setProperty("user", "postgres");
    PostgresServer server =
        new PostgresServer(
            Source.EMBEDDED, "127.0.0.1", port, "postgres", "", credentials, Optional.empty());
    try (Connection ignored = server.connect("postgres")) {
      return server;
    } catch (SQLException e) {
      throw new IOException(
          "embedded PostgreSQL on port " + port + " does not answer: " + e.getMessage(), e);
    }
  }

  /** The server on 127.0.0.1:5432 if it accepts a login as {@code postgres}. */
  public static Optional<PostgresServer> local() {
    if (!Ports.inUse(LOCAL_PORT)) {
      return Optional.empty();
    }
    Properties credentials = new Properties();
    credentials.setProperty("user", "postgres");
    PostgresServer server =
        new PostgresServer(
            Source.LOCAL, "127.0.0.1", LOCAL_PORT, "postgres", "", credentials, Optional.empty());
    try (Connection ignored = server.connect("postgres")) {
      return Optional.of(server);
    } catch (SQLException e) {
      LOG.info(
          "PostgreSQL on 127.0.0.1:5432 refuses a login as postgres ("
              + e.getMessage()
              + "); not using it");
      return Optional.empty();
    }
  }

  /**
   * An embedded server from the binaries on Maven Central.
   *
   * @param dataDir where its data lives across restarts; a temporary directory, deleted on close,
   *     when empty
   * @param port its port; a free one when 0
   */
  public static PostgresServer embedded(Optional<Path> dataDir, int port) throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder().setServerConfig("max_connections", "300");
    if (port > 0) {
      builder.setPort(port);
    }
    dataDir.ifPresent(dir -> builder.setDataDirectory(dir.toFile()).setCleanDataDirectory(false));
    EmbeddedPostgres postgres = builder.start();
    Properties credentials = new Properties();
    credentials.setProperty("user", "postgres");
    return new PostgresServer(
        Source.EMBEDDED,
        "127.0.0.1",
        postgres.getPort(),
        "postgres",
        "",
        credentials,
        Optional.of(postgres));
  }

  public Source source() {
    return source;
  }

  public int port() {
    return port;
  }

  public String host() {
    return host;
  }

  public Optional<String> user() {
    return Optional.ofNullable(credentials.getProperty("user"));
  }

  public Optional<String> password() {
    return Optional.ofNullable(credentials.getProperty("password"));
  }

  /** The JDBC URL of a database on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database + query;
  }

  /** Creates the database unless it exists. */
  public void createDatabase(String name) throws SQLException {
    requireIdentifier(name);
    try (Connection connection = connect(adminDatabase)) {
      if (exists(connection, name)) {
        return;
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE \"" + name + "\"");
      }
    }
  }

  public boolean databaseExists(String name) throws SQLException {
    try (Connection connection = connect(adminDatabase)) {
      return exists(connection, name);
    }
  }

  /** Drops the database, ending the sessions still connected to it. */
  public void dropDatabase(String name) throws SQLException {
    requireIdentifier(name);
    try (Connection connection = connect(adminDatabase);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    }
  }

  private static boolean exists(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      statement.setString(1, name);
      try (ResultSet result = statement.executeQuery()) {
        return result.next();
      }
    }
  }

  private Connection connect(String database) throws SQLException {
    Properties properties = new Properties();
    properties.putAll(credentials);
    properties.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(jdbcUrl(database), properties);
  }

  private static void requireIdentifier(String name) {
    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
  }

  @Override
  public void close() throws IOException {
    if (embedded.isPresent()) {
      embedded.get().close();
    }
  }

  @Override
  public String toString() {
    return source.name().toLowerCase() + " PostgreSQL on " + host + ":" + port;
  }

  /**
   * Runs an embedded PostgreSQL as a process of its own until it is terminated: {@code --port 5433
   * --data-dir .preflight/postgres}.
   */
  public static void main(String[] args) throws Exception {
    Arguments arguments = Arguments.parse(args);
    int port = Integer.parseInt(arguments.value("port", "5433"));
    Path dataDir = Path.of(arguments.value("data-dir", ".preflight/postgres"));
    PostgresServer server = embedded(Optional.of(dataDir.toAbsolutePath()), port);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (IOException e) {
                    System.err.println("cannot stop PostgreSQL: " + e.getMessage());
                  }
                },
                "postgres-shutdown"));
    System.out.println("Embedded PostgreSQL ready on 127.0.0.1:" + server.port());
    Thread.currentThread().join();
  }
}
