package dev.preflight.notifier.routing;

import dev.preflight.notifier.routing.RoutingConfig.EscalationPolicySpec;
import dev.preflight.notifier.routing.RoutingConfig.InhibitRuleSpec;
import dev.preflight.notifier.routing.RoutingConfig.LevelSpec;
import dev.preflight.notifier.routing.RoutingConfig.ReceiverSpec;
import dev.preflight.notifier.routing.RoutingConfig.RouteSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The compiled routing document: which routes an alert takes (Alertmanager's matching: depth first,
 * the deepest matching routes win, {@code continue} lets siblings match too), how it is grouped,
 * who receives it, what inhibits it, and how it escalates.
 */
public final class RoutingTree {

  /** The built-in receiver: the model's owner and its team's channel, from the registration. */
  public static final String OWNER = "owner";

  /** {@code group_by: ['...']} groups by every label. */
  public static final String ALL_LABELS = "...";

  static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
  static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
  static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);

  /** A route with everything it inherits filled in. */
  public record Route(
      String id,
      List<Matcher> matchers,
      String receiver,
      List<String> groupBy,
      boolean groupByAll,
      Duration groupWait,
      Duration groupInterval,
      Duration repeatInterval,
      boolean continueMatching,
      Optional<String> escalation,
      List<Route> children) {

    /** The labels an alert's group is identified by on this route. */
    public SortedMap<String, String> groupLabels(Map<String, String> labels) {
      SortedMap<String, String> group = new TreeMap<>();
      labels.forEach(
          (name, value) -> {
            if (groupByAll || groupBy.contains(name)) {
              group.put(name, value);
            }
          });
      return group;
    }

    /** Alertmanager's group key: the route's id, then the group labels. */
    public String groupKey(SortedMap<String, String> groupLabels) {
      return id
          + ":"
          + groupLabels.entrySet().stream()
              .map(l -> l.getKey() + "=\"" + l.getValue().replace("\"", "\\\"") + "\"")
              .collect(Collectors.joining(", ", "{", "}"));
    }
  }

  public record Level(Duration after, String receiver) {}

  public record EscalationPolicy(String name, List<Level> levels) {}

  private final Route root;
  private final Map<String, List<Integration>> receivers;
  private final List<InhibitRule> inhibitRules;
  private final Map<String, EscalationPolicy> escalationPolicies;

  private RoutingTree(
      Route root,
      Map<String, List<Integration>> receivers,
      List<InhibitRule> inhibitRules,
      Map<String, EscalationPolicy> escalationPolicies) {
    this.root = root;
    this.receivers = receivers;
    this.inhibitRules = inhibitRules;
    this.escalationPolicies = escalationPolicies;
  }

  public Route root() {
    return root;
  }

  public List<InhibitRule> inhibitRules() {
    return inhibitRules;
  }

  /** The integrations of a configured receiver; empty for {@link #OWNER}. */
  public List<Integration> integrations(String receiver) {
    return receivers.getOrDefault(receiver, List.of());
  }

  /** The signing secret of a configured webhook, by its URL. */
  public Optional<String> webhookSecret(String url) {
    return receivers.values().stream()
        .flatMap(List::stream)
        .filter(i -> i instanceof Integration.Webhook w && w.url().equals(url))
        .map(i -> ((Integration.Webhook) i).secret())
        .flatMap(Optional::stream)
        .findFirst();
  }

  public Optional<EscalationPolicy> escalation(String name) {
    return Optional.ofNullable(escalationPolicies.get(name));
  }

  /** The routes an alert with these labels takes. */
  public List<Route> match(Map<String, String> labels) {
    return match(root, labels);
  }

  private static List<Route> match(Route route, Map<String, String> labels) {
    if (!Matcher.all(route.matchers(), labels)) {
      return List.of();
    }
    List<Route> all = new ArrayList<>();
    for (Route child : route.children()) {
      List<Route> matches = match(child, labels);
      all.addAll(matches);
      if (!matches.isEmpty() && !child.continueMatching()) {
        break;
      }
    }
    if (all.isEmpty()) {
      all.add(route);
    }
    return all;
  }

  /** Whether an alert with these labels is muted by one of the firing alerts. */
  public boolean inhibited(Map<String, String> target, List<Map<String, String>> firing) {
    for (InhibitRule rule : inhibitRules) {
      if (!rule.isTarget(target)) {
        continue;
      }
      for (Map<String, String> source : firing) {
        if (rule.inhibits(source, target)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Compiles a routing document, or lists everything wrong with it. */
  public static RoutingTree compile(RoutingConfig config) {
    Errors errors = new Errors();
    if (config == null || config.route() == null) {
      throw new InvalidRoutingException(List.of("route: the routing tree needs a root route"));
    }
    Map<String, List<Integration>> receivers = new LinkedHashMap<>();
    List<ReceiverSpec> receiverSpecs = Optional.ofNullable(config.receivers()).orElse(List.of());
    for (int i = 0; i < receiverSpecs.size(); i++) {
      ReceiverSpec spec = receiverSpecs.get(i);
      String at = "receivers[" + i + "]";
      if (spec == null || spec.name() == null || spec.name().isBlank()) {
        errors.add(at + ".name: a receiver needs a name");
        continue;
      }
      if (OWNER.equals(spec.name())) {
        errors.add(at + ".name: 'owner' is the built-in receiver of the model's owner");
        continue;
      }
      if (receivers.containsKey(spec.name())) {
        errors.add(at + ".name: receiver '" + spec.name() + "' is defined twice");
        continue;
      }
      receivers.put(spec.name(), integrations(spec, at, errors));
    }
    Set<String> known = new HashSet<>(receivers.keySet());
    known.add(OWNER);

    Map<String, EscalationPolicy> policies = new LinkedHashMap<>();
    List<EscalationPolicySpec> policySpecs =
        Optional.ofNullable(config.escalationPolicies()).orElse(List.of());
    for (int i = 0; i < policySpecs.size(); i++) {
      EscalationPolicySpec spec = policySpecs.get(i);
      String at = "escalation_policies[" + i + "]";
      if (spec == null || spec.name() == null || spec.name().isBlank()) {
        errors.add(at + ".name: an escalation policy needs a name");
        continue;
      }
      List<Level> levels = new ArrayList<>();
      List<LevelSpec> levelSpecs = Optional.ofNullable(spec.levels()).orElse(List.of());
      if (levelSpecs.isEmpty()) {
        errors.add(at + ".levels: an escalation policy needs at least one level");
      }
      Duration previous = Duration.ZERO;
      for (int l = 0; l < levelSpecs.size(); l++) {
        LevelSpec level = levelSpecs.get(l);
        String levelAt = at + ".levels[" + l + "]";
        Duration after = errors.duration(levelAt + ".after", level.after(), null);
        if (level.receiver() == null || !known.contains(level.receiver())) {
          errors.add(levelAt + ".receiver: unknown receiver '" + level.receiver() + "'");
        }
        if (after != null) {
          if (after.compareTo(previous) <= 0) {
            errors.add(levelAt + ".after: must be later than the level before (" + previous + ")");
          }
          previous = after;
          levels.add(new Level(after, level.receiver()));
        }
      }
      policies.put(spec.name(), new EscalationPolicy(spec.name(), List.copyOf(levels)));
    }

    List<InhibitRule> rules = new ArrayList<>();
    List<InhibitRuleSpec> ruleSpecs = Optional.ofNullable(config.inhibitRules()).orElse(List.of());
    for (int i = 0; i < ruleSpecs.size(); i++) {
      InhibitRuleSpec spec = ruleSpecs.get(i);
      String at = "inhibit_rules[" + i + "]";
      List<Matcher> source = errors.matchers(at + ".source_matchers", spec.sourceMatchers());
      List<Matcher> target = errors.matchers(at + ".target_matchers", spec.targetMatchers());
      if (target.isEmpty()
          && Optional.ofNullable(spec.targetMatchers()).orElse(List.of()).isEmpty()) {
        errors.add(at + ".target_matchers: an inhibition rule needs target matchers");
      }
      rules.add(
          new InhibitRule(source, target, Optional.ofNullable(spec.equal()).orElse(List.of())));
    }

    RouteSpec rootSpec = config.route();
    if (rootSpec.matchers() != null && !rootSpec.matchers().isEmpty()) {
      errors.add("route.matchers: the root route matches every alert and takes no matchers");
    }
    if (rootSpec.receiver() == null) {
      errors.add("route.receiver: the root route needs a receiver ('owner' is built in)");
    }
    Route defaults =
        new Route(
            "",
            List.of(),
            OWNER,
            List.of(),
            false,
            DEFAULT_GROUP_WAIT,
            DEFAULT_GROUP_INTERVAL,
            DEFAULT_REPEAT_INTERVAL,
            false,
            Optional.empty(),
            List.of());
    Route root =
        route(rootSpec, defaults, List.of(), "{}", "route", known, policies.keySet(), errors);
    errors.throwIfAny();
    return new RoutingTree(root, Map.copyOf(receivers), List.copyOf(rules), Map.copyOf(policies));
  }

  private static Route route(
      RouteSpec spec,
      Route parent,
      List<String> parentGroupBy,
      String id,
      String at,
      Set<String> receivers,
      Set<String> policies,
      Errors errors) {
    String receiver = Optional.ofNullable(spec.receiver()).orElse(parent.receiver());
    if (!receivers.contains(receiver)) {
      errors.add(at + ".receiver: unknown receiver '" + receiver + "'");
    }
    List<Matcher> matchers = errors.matchers(at + ".matchers", spec.matchers());
    // Children inherit the grouping as written, not the owner receiver's additions.
    List<String> declaredGroupBy =
        spec.groupBy() == null ? parentGroupBy : List.copyOf(new LinkedHashSet<>(spec.groupBy()));
    List<String> groupBy = declaredGroupBy;
    boolean groupByAll =
        spec.groupBy() == null ? parent.groupByAll() : groupBy.contains(ALL_LABELS);
    if (groupByAll && groupBy.size() > 1) {
      errors.add(at + ".group_by: '...' groups by every label and stands alone");
    }
    if (OWNER.equals(receiver) && !groupByAll) {
      // The owner is per model: one group never mixes models of different owners.
      Set<String> withModel = new LinkedHashSet<>(groupBy);
      withModel.add("team");
      withModel.add("model");
      groupBy = List.copyOf(withModel);
    }
    Optional<String> escalation = Optional.ofNullable(spec.escalation()).or(parent::escalation);
    escalation
        .filter(name -> !policies.contains(name))
        .ifPresent(
            name -> errors.add(at + ".escalation: unknown escalation policy '" + name + "'"));
    Route self =
        new Route(
            id,
            matchers,
            receiver,
            groupBy,
            groupByAll,
            errors.duration(at + ".group_wait", spec.groupWait(), parent.groupWait()),
            errors.duration(at + ".group_interval", spec.groupInterval(), parent.groupInterval()),
            errors.duration(
                at + ".repeat_interval", spec.repeatInterval(), parent.repeatInterval()),
            Boolean.TRUE.equals(spec.continueMatching()),
            escalation,
            List.of());
    List<RouteSpec> childSpecs = Optional.ofNullable(spec.routes()).orElse(List.of());
    List<Route> children = new ArrayList<>();
    for (int i = 0; i < childSpecs.size(); i++) {
      RouteSpec child = childSpecs.get(i);
      String childId =
          id
              + "/"
              + errors.matchers("", child.matchers()).stream()
                  .map(Matcher::toString)
                  .collect(Collectors.joining(",", "{", "}"))
              + "/"
              + i;
      children.add(
          route(
              child,
              self,
              declaredGroupBy,
              childId,
              at + ".routes[" + i + "]",
              receivers,
              policies,
              errors));
    }
    return new Route(
        self.id(),
        self.matchers(),
        self.receiver(),
        self.groupBy(),
        self.groupByAll(),
        self.groupWait(),
        self.groupInterval(),
        self.repeatInterval(),
        self.continueMatching(),
        self.escalation(),
        List.copyOf(children));
  }

  private static List<Integration> integrations(ReceiverSpec spec, String at, Errors errors) {
    List<Integration> integrations = new ArrayList<>();
    each(
        spec.webhookConfigs(),
        (i, w) -> {
          String where = at + ".webhook_configs[" + i + "]";
          errors.url(where + ".url", w.url());
          integrations.add(
              new Integration.Webhook(
                  w.url(),
                  Optional.ofNullable(w.secret()),
                  !Boolean.FALSE.equals(w.sendResolved()),
                  Optional.ofNullable(w.maxAlerts()).orElse(0)));
        });
    each(
        spec.slackConfigs(),
        (i, s) -> {
          errors.url(at + ".slack_configs[" + i + "].api_url", s.apiUrl());
          integrations.add(
              new Integration.Slack(
                  s.apiUrl(),
                  Optional.ofNullable(s.channel()),
                  Optional.ofNullable(s.username()),
                  Boolean.TRUE.equals(s.sendResolved())));
        });
    each(
        spec.pagerdutyConfigs(),
        (i, p) -> {
          String where = at + ".pagerduty_configs[" + i + "]";
          if (p.routingKey() == null || p.routingKey().isBlank()) {
            errors.add(where + ".routing_key: PagerDuty needs the integration's routing key");
          }
          String url = Optional.ofNullable(p.url()).orElse(Integration.PagerDuty.EVENTS_API);
          errors.url(where + ".url", url);
          integrations.add(
              new Integration.PagerDuty(
                  p.routingKey(), url, !Boolean.FALSE.equals(p.sendResolved())));
        });
    each(
        spec.emailConfigs(),
        (i, e) -> {
          if (e.to() == null || !e.to().matches("[^@\\s]+@[^@\\s]+")) {
            errors.add(
                at + ".email_configs[" + i + "].to: '" + e.to() + "' is not an e-mail address");
          }
          integrations.add(new Integration.Email(e.to(), !Boolean.FALSE.equals(e.sendResolved())));
        });
    return List.copyOf(integrations);
  }

  private interface Indexed<T> {
    void accept(int index, T value);
  }

  private static <T> void each(List<T> values, Indexed<T> action) {
    if (values != null) {
      for (int i = 0; i < values.size(); i++) {
        action.accept(i, values.get(i));
      }
    }
  }

  /** Everything wrong with a routing document. */
  public static final class InvalidRoutingException extends RuntimeException {
    private final List<String> errors;

    public InvalidRoutingException(List<String> errors) {
      super("invalid routing document: " + String.join("; ", errors));
      this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
      return errors;
    }
  }

  private static final class Errors {
    private final List<String> errors = new ArrayList<>();

    void add(String error) {
      errors.add(error);
    }

    List<Matcher> matchers(String at, List<String> texts) {
      List<Matcher> matchers = new ArrayList<>();
      if (texts != null) {
        for (int i = 0; i < texts.size(); i++) {
          try {
            matchers.add(Matcher.parse(texts.get(i)));
          } catch (IllegalArgumentException e) {
            if (!at.isEmpty()) {
              add(at + "[" + i + "]: " + e.getMessage());
            }
          }
        }
      }
      return List.copyOf(matchers);
    }

    Duration duration(String at, String text, Duration fallback) {
      if (text == null) {
        if (fallback == null) {
          add(at + ": required");
        }
        return fallback;
      }
      try {
        return PromDuration.parse(text);
      } catch (IllegalArgumentException e) {
        add(at + ": " + e.getMessage());
        return fallback;
      }
    }

    void url(String at, String url) {
      Supplier<String> problem = () -> at + ": '" + url + "' is not an http(s) URL";
      if (url == null) {
        add(at + ": required");
        return;
      }
      try {
        URI uri = URI.create(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          add(problem.get());
        }
      } catch (IllegalArgumentException e) {
        add(problem.get());
      }
    }

    void throwIfAny() {
      if (!errors.isEmpty()) {
        throw new InvalidRoutingException(errors);
      }
    }
  }
}
