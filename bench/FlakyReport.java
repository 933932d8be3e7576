import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads the surefire reports of bench/flaky.sh's runs (target/flaky/run-N/TEST-*.xml) and prints
 * every test that failed or erred in at least one run, with the runs it failed in and the first
 * line of its first failure. Exits 1 when there is such a test.
 */
public class FlakyReport {

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "target/flaky");
    List<Path> runs;
    try (Stream<Path> dirs = Files.list(root)) {
      runs = dirs.filter(Files::isDirectory).sorted().toList();
    }
    Map<String, Integer> executed = new TreeMap<>();
    Map<String, StringBuilder> failedIn = new TreeMap<>();
    Map<String, String> firstFailure = new TreeMap<>();
    for (Path run : runs) {
      for (Path report : reports(run)) {
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        NodeList cases = document.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
          Element testcase = (Element) cases.item(i);
          String name = testcase.getAttribute("classname") + "#" + testcase.getAttribute("name");
          executed.merge(name, 1, Integer::sum);
          Element failure = first(testcase, "failure");
          if (failure == null) {
            failure = first(testcase, "error");
          }
          if (failure != null) {
            failedIn.computeIfAbsent(name, k -> new StringBuilder()).append(' ').append(run.getFileName());
            firstFailure.putIfAbsent(name, firstLine(failure));
          }
        }
      }
    }
    System.out.printf("%d runs, %d distinct tests, %d executions%n", runs.size(), executed.size(),
        executed.values().stream().mapToInt(Integer::intValue).sum());
    if (failedIn.isEmpty()) {
      System.out.println("no test failed in any run");
      return;
    }
    System.out.println("tests that failed at least once:");
    failedIn.forEach((name, in) -> System.out.printf("  %s — failed in%s of %d runs%n      %s%n",
        name, in, executed.get(name), firstFailure.get(name)));
    System.exit(1);
  }

  private static List<Path> reports(Path run) throws IOException {
    try (Stream<Path> files = Files.list(run)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".xml")).sorted().toList();
    }
  }

  private static Element first(Element parent, String tag) {
    NodeList found = parent.getElementsByTagName(tag);
    return found.getLength() == 0 ? null : (Element) found.item(0);
  }

  private static String firstLine(Element failure) {
    String message = failure.getAttribute("message");
    if (message.isBlank()) {
      message = failure.getTextContent();
    }
    String line = message.strip().lines().findFirst().orElse("");
    return failure.getTagName() + ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
  }
}
