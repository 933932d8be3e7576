package dev.preflight.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.console.Reply.Problem;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The frame of every page: who is signed in, which section they are in, what went wrong. */
@ApplicationScoped
public class Frames {

  /** What every page's frame shows. */
  public record Layout(Viewer viewer, String title, String section, List<Problem> problems) {}

  @Inject SignedIn signedIn;

  /** The signed-in user; read on the request's thread. */
  Viewer viewer() {
    return signedIn.viewer();
  }

  Layout layout(String title, String section, List<Problem> problems) {
    return new Layout(viewer(), title, section, problems);
  }

  /** The signed-in user of one request, read from the token once however often a page asks. */
  @RequestScoped
  static class SignedIn {
    @Inject SecurityIdentity identity;
    @Inject AccessTokenCredential token;
    @Inject ObjectMapper mapper;
    private Viewer viewer;

    Viewer viewer() {
      if (viewer == null) {
        viewer = Viewer.of(identity, token, mapper);
      }
      return viewer;
    }
  }
}
