package dev.preflight.checklist.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class ModelRepository implements PanacheRepositoryBase<ModelEntity, String> {

  public List<ModelEntity> listOfTeams(Collection<String> teams) {
    return list("team in ?1 order by id", teams);
  }

  public List<ModelEntity> listAllById() {
    return list("order by id");
  }
}
