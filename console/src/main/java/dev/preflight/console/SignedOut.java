package dev.preflight.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Where a user lands after signing out: public, and one click from signing in again. */
@Path("/signed-out")
public class SignedOut {

  @GET
  @Produces(MediaType.TEXT_HTML)
  public String page() {
    return """
    <!DOCTYPE html>
    <html lang="en">
    <head><meta charset="utf-8"><title>Signed out · Preflight</title>
    <link rel="stylesheet" href="/static/console.css"></head>
    <body><main id="main"><h1>You have signed out</h1>
    <p><a href="/models">Sign in again</a></p></main></body>
    </html>
    """;
  }
}
