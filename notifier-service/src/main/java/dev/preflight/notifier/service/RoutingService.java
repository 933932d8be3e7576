package dev.preflight.notifier.service;

import dev.preflight.notifier.config.NotifierConfig;
import dev.preflight.notifier.persistence.RoutingDocumentEntity;
import dev.preflight.notifier.routing.RoutingDocuments;
import dev.preflight.notifier.routing.RoutingTree;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.jboss.logging.Logger;

/**
 * The routing document in force, shared by every instance through PostgreSQL: the YAML file is
 * imported at start when it changed since it was last imported, {@code PUT /api/v1/routing}
 * replaces it, and each instance picks up a new revision within a second.
 */
@ApplicationScoped
public class RoutingService {

  private static final Logger LOG = Logger.getLogger(RoutingService.class);
  private static final long RECHECK_MILLIS = 1000;

  /** The document in force and its compiled tree. */
  public record Routing(
      long revision,
      RoutingTree tree,
      String document,
      String source,
      String updatedBy,
      OffsetDateTime updatedAt) {}

  private final EntityManager entityManager;
  private final NotifierConfig config;
  private volatile Routing routing;
  private volatile long checkedAt;

  public RoutingService(EntityManager entityManager, NotifierConfig config) {
    this.entityManager = entityManager;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    QuarkusTransaction.requiringNew().run(this::importAtStart);
  }

  private void importAtStart() {
    entityManager
        .createNativeQuery(
            "INSERT INTO routing_document (id, document, source, revision, updated_by, updated_at)"
                + " VALUES (1, ?1, 'default', 1, 'notifier-service', now()) ON CONFLICT DO NOTHING")
        .setParameter(1, RoutingDocuments.DEFAULT)
        .executeUpdate();
    RoutingDocumentEntity stored =
        entityManager.find(
            RoutingDocumentEntity.class, RoutingDocumentEntity.ID, LockModeType.PESSIMISTIC_WRITE);
    config
        .routingFile()
        .filter(file -> !file.isBlank())
        .ifPresent(
            file -> {
              String document = read(Path.of(file));
              String hash = sha256(document);
              if (!hash.equals(stored.fileHash)) {
                // An invalid file stops the start: better than routing by a document nobody wrote.
                RoutingDocuments.compile(document);
                stored.document = document;
                stored.source = "file";
                stored.fileHash = hash;
                stored.revision++;
                stored.updatedBy = "file:" + file;
                stored.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
                LOG.infof("routing document imported from %s (revision %d)", file, stored.revision);
              }
            });
    routing = compiled(stored);
    checkedAt = System.currentTimeMillis();
  }

  /** The routing in force, at most a second old. */
  public Routing current() {
    long now = System.currentTimeMillis();
    if (routing == null || now - checkedAt > RECHECK_MILLIS) {
      Routing latest =
          QuarkusTransaction.joiningExisting()
              .call(
                  () -> {
                    Number revision =
                        (Number)
                            entityManager
                                .createNativeQuery(
                                    "SELECT revision FROM routing_document WHERE id = 1")
                                .getSingleResult();
                    Routing known = routing;
                    if (known != null && known.revision() == revision.longValue()) {
                      return known;
                    }
                    return compiled(
                        entityManager.find(RoutingDocumentEntity.class, RoutingDocumentEntity.ID));
                  });
      routing = latest;
      checkedAt = now;
    }
    return routing;
  }

  public RoutingTree tree() {
    return current().tree();
  }

  /** Replaces the document (validated first); returns the new routing. */
  @Transactional
  public Routing replace(String document, String by) {
    RoutingDocuments.compile(document);
    RoutingDocumentEntity stored =
        entityManager.find(
            RoutingDocumentEntity.class, RoutingDocumentEntity.ID, LockModeType.PESSIMISTIC_WRITE);
    stored.document = document;
    stored.source = "rest";
    stored.revision++;
    stored.updatedBy = by;
    stored.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    routing = compiled(stored);
    checkedAt = System.currentTimeMillis();
    return routing;
  }

  private static Routing compiled(RoutingDocumentEntity stored) {
    return new Routing(
        stored.revision,
        RoutingDocuments.compile(stored.document),
        stored.document,
        stored.source,
        stored.updatedBy,
        stored.updatedAt);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the routing file " + file, e);
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
