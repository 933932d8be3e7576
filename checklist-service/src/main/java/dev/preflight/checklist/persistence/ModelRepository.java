package dev.preflight.checklist.persistence;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

@ApplicationScoped
public class ModelRepository implements PanacheRepositoryBase<ModelEntity, String> {

  /**
   * The models of the teams (all teams when empty), by id; with a search, those whose id or name
   * contains it, ignoring case.
   */
  public PanacheQuery<ModelEntity> ofTeams(
      Optional<Collection<String>> teams, Optional<String> search) {
    Parameters parameters = new Parameters();
    StringBuilder where = new StringBuilder("1 = 1");
    teams.ifPresent(
        t -> {
          where.append(" and team in :teams");
          parameters.and("teams", t.isEmpty() ? List.of("") : t);
        });
    search.ifPresent(
        q -> {
          where.append(
              " and (lower(id) like :search escape '\\' or lower(name) like :search escape '\\')");
          parameters.and("search", "%" + likeEscaped(q.toLowerCase(Locale.ROOT)) + "%");
        });
    return find(where + " order by id", parameters);
  }

  private static String likeEscaped(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
