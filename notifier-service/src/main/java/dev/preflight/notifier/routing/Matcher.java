package dev.preflight.notifier.routing;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher in Alertmanager's syntax: {@code name="value"}, {@code name!="value"}, {@code
 * name=~"regex"}, {@code name!~"regex"}. Regular expressions are anchored at both ends, as in
 * Alertmanager; a label that is absent matches as the empty string.
 */
public record Matcher(String name, Operator operator, String value, Pattern pattern) {

  public enum Operator {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    boolean isRegex() {
      return this == REGEX || this == NOT_REGEX;
    }

    boolean isNegative() {
      return this == NOT_EQUAL || this == NOT_REGEX;
    }
  }

  private static final Pattern SYNTAX =
      Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*");

  public Matcher {
    if (name == null || !name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
      throw new IllegalArgumentException("invalid label name '" + name + "'");
    }
    if (value == null) {
      throw new IllegalArgumentException("matcher of '" + name + "' has no value");
    }
    if (operator.isRegex() && pattern == null) {
      try {
        pattern = Pattern.compile("^(?:" + value + ")$");
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "invalid regular expression in matcher of '" + name + "': " + e.getDescription());
      }
    }
  }

  public static Matcher of(String name, Operator operator, String value) {
    return new Matcher(name, operator, value, null);
  }

  /** Parses {@code name<op>"value"}; the quotes may be left out for a value without spaces. */
  public static Matcher parse(String text) {
    java.util.regex.Matcher syntax = SYNTAX.matcher(text == null ? "" : text);
    if (!syntax.matches()) {
      throw new IllegalArgumentException(
          "matcher '" + text + "' is not of the form name=\"value\", !=, =~ or !~");
    }
    Operator operator =
        List.of(Operator.values()).stream()
            .filter(op -> op.symbol.equals(syntax.group(2)))
            .findFirst()
            .orElseThrow();
    return of(syntax.group(1), operator, unquote(syntax.group(3)));
  }

  public static List<Matcher> parseAll(List<String> texts) {
    return texts == null ? List.of() : texts.stream().map(Matcher::parse).toList();
  }

  public boolean matches(Map<String, String> labels) {
    String actual = labels.getOrDefault(name, "");
    boolean hit = operator.isRegex() ? pattern.matcher(actual).matches() : value.equals(actual);
    return operator.isNegative() != hit;
  }

  public static boolean all(List<Matcher> matchers, Map<String, String> labels) {
    for (Matcher matcher : matchers) {
      if (!matcher.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the matcher selects exactly one value of its label (e.g. {@code team="fraud"}). */
  public boolean isEquality() {
    return operator == Operator.EQUAL;
  }

  @Override
  public String toString() {
    return name
        + operator.symbol
        + '"'
        + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        + '"';
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Matcher m && m.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  private static String unquote(String raw) {
    if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
      StringBuilder out = new StringBuilder();
      String inner = raw.substring(1, raw.length() - 1);
      for (int i = 0; i < inner.length(); i++) {
        char c = inner.charAt(i);
        if (c == '\\' && i + 1 < inner.length()) {
          char next = inner.charAt(++i);
          out.append(next == 'n' ? '\n' : next);
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }
    if (raw.contains("\"")) {
      throw new IllegalArgumentException("unbalanced quotes in matcher value " + raw);
    }
    return raw;
  }
}
