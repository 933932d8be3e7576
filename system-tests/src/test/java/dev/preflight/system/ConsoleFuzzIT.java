package dev.preflight.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.preflight.devstack.PreflightService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * Odd links and forms that people, crawlers and stale tabs send the console, from a signed-in
 * browser: each gets a page or a clear refusal (4xx), never a server error, a stack trace or a
 * blank page, and nothing a link carries is echoed into the page as markup.
 */
class ConsoleFuzzIT {

  private static final PreflightSystem system = PreflightSystem.get();
  private static final String SCRIPT = "<script>window.fuzzed=1</script>";

  @Test
  void oddLinksAndFormsGetAPageOrAClearRefusalNeverAServerError() {
    String model = ConsoleIT.registeredVersion();
    String version = "/models/" + model + "/versions/1.0.0";
    String script = URLEncoder.encode(SCRIPT, StandardCharsets.UTF_8);
    List<String> links =
        List.of(
            "/models?page=-1",
            "/models?page=abc",
            "/models?page=99999",
            "/models?q=" + script,
            "/models?q=%00%27%22",
            "/models?q=" + "x".repeat(2_000),
            "/models/%3Cb%3E/versions/1.0.0",
            "/models/" + model + "/versions/%2e%2e",
            version + "?fragment=nope",
            version + "?attested=" + script,
            version + "?rerun=" + script,
            version + "/monitoring",
            version + "/monitoring?fragment=live",
            "/models/no-such-model/versions/9.9.9/monitoring",
            version + "/checklist.md",
            "/models/no-such-model/versions/9.9.9/checklist.md",
            "/fleet?page=-5&q=%25",
            "/fleet?q=" + script,
            "/alerts?state=bogus&severity=%27&team=" + script,
            "/alerts?fragment=board&state=all&receiver=%00",
            "/alerts?acknowledged=" + script,
            "/alerts/zzz",
            "/alerts/" + "f".repeat(200),
            "/silences?created=" + script + "&expired=" + script,
            "/silences/new?alert=no-such-alert",
            "/silences/not-a-uuid/edit",
            "/silences/00000000-0000-0000-0000-000000000000/edit",
            "/no-such-page");

    try (Browser browser = Browser.open()) {
      browser.get(console() + "/silences/new");
      browser.signIn("engineer", "engineer");
      WebElement csrf = browser.find("form.silence input[type=hidden]");
      String token =
          URLEncoder.encode(csrf.getAttribute("name"), StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(csrf.getAttribute("value"), StandardCharsets.UTF_8);
      List<Map.Entry<String, String>> forms = new ArrayList<>();
      forms.add(Map.entry("/alerts/zzz/acknowledgement", "comment=x&back=%5C%5Cevil.example"));
      forms.add(
          Map.entry("/alerts/" + "f".repeat(64) + "/acknowledgement", "back=/alerts?%0d%0aX:1"));
      forms.add(Map.entry("/silences", "matchers=%7B%7B%7B&duration=forever&comment="));
      forms.add(Map.entry("/silences", "matchers=model%3D%22x%22&duration=0m&comment=short"));
      forms.add(
          Map.entry(
              "/silences?x", "matchers=&duration=2h&comment=no%20matchers&startsAt=yesterday"));
      forms.add(Map.entry("/silences/not-a-uuid/expire", ""));
      forms.add(Map.entry(version + "/runs", "phase=bogus&itemId=" + script));
      forms.add(Map.entry(version + "/items/no-such-item/attestation", "decision=maybe&comment=x"));
      forms.add(Map.entry("/models/%3Cb%3E/versions/1.0.0/runs", "phase=after-training"));

      List<String> wrong = new ArrayList<>();
      for (String link : links) {
        check(browser, "GET " + link, fetch(browser, "GET", link, null), wrong);
      }
      for (Map.Entry<String, String> form : forms) {
        String body = form.getValue().isEmpty() ? token : form.getValue() + "&" + token;
        check(browser, "POST " + form.getKey(), fetch(browser, "POST", form.getKey(), body), wrong);
      }
      wrong.forEach(System.out::println);
      assertThat(wrong).isEmpty();
      assertThat(((JavascriptExecutor) browser.driver).executeScript("return window.fuzzed"))
          .isNull();
    }
  }

  private static void check(Browser browser, String what, List<?> answer, List<String> wrong) {
    long status = ((Number) answer.get(0)).longValue();
    String body = String.valueOf(answer.get(1));
    // 0: a redirect the script does not follow (after a form that worked, or to the sign-in).
    if (status >= 500) {
      wrong.add(what + ": " + status);
    }
    if (body.contains("at dev.preflight")
        || body.contains("Exception")
        || body.contains("at io.")) {
      wrong.add(what + ": a stack trace in the answer");
    }
    if (body.contains(SCRIPT)) {
      wrong.add(what + ": the link's markup echoed into the page");
    }
    if (status >= 200 && status < 300 && body.isBlank()) {
      wrong.add(what + ": a blank page");
    }
  }

  /** Sends a request from the signed-in page: [status, body]. */
  private static List<?> fetch(Browser browser, String method, String path, String form) {
    return (List<?>)
        ((JavascriptExecutor) browser.driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "const init = {method: arguments[1], redirect: 'manual',"
                    + " credentials: 'same-origin'};"
                    + "if (arguments[2] !== null) { init.body = arguments[2];"
                    + " init.headers = {'Content-Type': 'application/x-www-form-urlencoded'}; }"
                    + "fetch(arguments[0], init)"
                    + ".then(r => r.text().then(t => done([r.status, t])))"
                    + ".catch(e => done([599, String(e)]));",
                console() + path,
                method,
                form);
  }

  private static String console() {
    return system.url(PreflightService.CONSOLE).toString();
  }
}
