package dev.preflight.checklist.persistence;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class ModelRepository implements PanacheRepositoryBase<ModelEntity, String> {

  /** The models of the teams (all teams when empty), by id. */
  public PanacheQuery<ModelEntity> ofTeams(Optional<Collection<String>> teams) {
    return teams
        .map(t -> find("team in ?1 order by id", t.isEmpty() ? List.of("") : t))
        .orElseGet(() -> find("order by id"));
  }
}
