package dev.preflight.devstack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options and positional arguments of the launcher's commands. */
record Arguments(List<String> positional, Map<String, String> options) {

  static Arguments parse(String[] args) {
    List<String> positional = new ArrayList<>();
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("--")) {
        String name = arg.substring(2);
        int equals = name.indexOf('=');
        if (equals >= 0) {
          options.put(name.substring(0, equals), name.substring(equals + 1));
        } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
          options.put(name, args[++i]);
        } else {
          options.put(name, "true");
        }
      } else {
        positional.add(arg);
      }
    }
    return new Arguments(List.copyOf(positional), Map.copyOf(options));
  }

  String value(String name, String defaultValue) {
    return options.getOrDefault(name, defaultValue);
  }
}
