package dev.preflight.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the launcher started (a service, Keycloak, the broker) with its output in a log file;
 * stopped with its whole process tree.
 */
public final class ManagedProcess implements AutoCloseable {

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final ProcessHandle handle;
  private final Path logFile;

  /** Where this run's output starts in the log: earlier runs' lines are not this run's. */
  private final long logOffset;

  private ManagedProcess(String name, ProcessHandle handle, Path logFile, long logOffset) {
    this.name = name;
    this.handle = handle;
    this.logFile = logFile;
    this.logOffset = logOffset;
  }

  /** Starts a command with extra environment variables, appending its output to the log file. */
  public static ManagedProcess start(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path workDir,
      Path logFile)
      throws IOException {
    return start(name, command, environment, workDir, logFile, false);
  }

  /**
   * Starts a command; a detached one runs in a session of its own ({@code setsid}, where the system
   * has it), so that it outlives the launcher and the terminal it was started from.
   */
  public static ManagedProcess start(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path workDir,
      Path logFile,
      boolean detached)
      throws IOException {
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    long logOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
    List<String> full = new ArrayList<>();
    if (detached && Files.isExecutable(SETSID)) {
      full.add(SETSID.toString());
    }
    full.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(full)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    builder.environment().putAll(environment);
    Process process = builder.start();
    return new ManagedProcess(name, process.toHandle(), logFile, logOffset);
  }

  /** A process started earlier, e.g. by another launcher run. */
  public static ManagedProcess attach(String name, ProcessHandle handle, Path logFile) {
    return new ManagedProcess(name, handle, logFile, 0);
  }

  /** The {@code java} of the running JVM, to start other JVMs with the same Java. */
  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public String name() {
    return name;
  }

  public long pid() {
    return handle.pid();
  }

  public ProcessHandle handle() {
    return handle;
  }

  public boolean isAlive() {
    return handle.isAlive();
  }

  public Path logFile() {
    return logFile;
  }

  /**
   * Waits until a GET of the URL answers 200; fails early, with the end of the log, if the process
   * dies first.
   */
  public void awaitHttpOk(URI url, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!isAlive()) {
        throw new IOException(
            name + " exited while starting; end of " + logFile + ":\n" + logTail(40));
      }
      if (answersOk(url)) {
        return;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + name, e);
      }
    }
    throw new IOException(
        name
            + " did not answer "
            + url
            + " within "
            + timeout
            + "; end of "
            + logFile
            + ":\n"
            + logTail(40));
  }

  /** Waits until the log has a line containing the text; fails early if the process dies. */
  public void awaitLogLine(String text, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (thisRunsLog().contains(text)) {
        return;
      }
      if (!isAlive()) {
        throw new IOException(
            name + " exited while starting; end of " + logFile + ":\n" + logTail(40));
      }
      try {
        TimeUnit.MILLISECONDS.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + name, e);
      }
    }
    throw new IOException(
        name + " was not ready within " + timeout + "; end of " + logFile + ":\n" + logTail(40));
  }

  private String thisRunsLog() throws IOException {
    if (!Files.exists(logFile)) {
      return "";
    }
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(logFile.toFile(), "r")) {
      long length = file.length();
      if (length <= logOffset) {
        return "";
      }
      byte[] bytes = new byte[(int) Math.min(length - logOffset, 16 * 1024 * 1024)];
      file.seek(logOffset);
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Whether a GET of the URL answers 200 right now. */
  public static boolean answersOk(URI url) {
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last lines of the log. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Asks the process tree to stop (SIGTERM), and kills what is still running after the grace
   * period.
   */
  public void stop(Duration grace) {
    List<ProcessHandle> tree =
        java.util.stream.Stream.concat(handle.descendants(), java.util.stream.Stream.of(handle))
            .toList();
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle process : tree) {
      long left = deadline - System.nanoTime();
      try {
        process.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        process.destroyForcibly();
      }
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(20));
  }
}
