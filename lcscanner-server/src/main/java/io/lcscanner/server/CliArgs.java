package io.lcscanner.server;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small parser for {@code --name value}, {@code --name=value} and {@code --flag} options. Unknown
 * options, missing values and malformed values fail with a {@link UsageException} naming the option.
 */
final class CliArgs {
    private final Map<String, String> values = new LinkedHashMap<>();

    private CliArgs() {
    }

    /**
     * @param withValue options that take a value
     * @param flags     options that take none
     */
    static CliArgs parse(String[] args, Set<String> withValue, Set<String> flags) {
        CliArgs parsed = new CliArgs();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException(arg, "unexpected argument (options start with --)");
            }
            String name = arg, value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException(name, "takes no value");
                }
                value = "true";
            } else if (withValue.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new UsageException(name, "needs a value");
                    }
                    value = args[++i];
                }
            } else {
                throw new UsageException(name, "unknown option (see --help)");
            }
            if (parsed.values.put(name, value) != null) {
                throw new UsageException(name, "given more than once");
            }
        }
        return parsed;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    LocalDate date(String name, LocalDate fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new UsageException(name, "not a date in the form YYYY-MM-DD: \"" + v + "\"");
        }
    }

    long longValue(String name, long fallback, long min, long max) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        long x;
        try {
            x = Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(name, "not a whole number: \"" + v + "\"");
        }
        if (x < min || x > max) {
            throw new UsageException(name, "must be between " + min + " and " + max + ", got " + x);
        }
        return x;
    }

    double doubleValue(String name, double fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        double x;
        try {
            x = Double.parseDouble(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(name, "not a number: \"" + v + "\"");
        }
        if (!Double.isFinite(x) || x < 0) {
            throw new UsageException(name, "must be a number ≥ 0, got " + v);
        }
        return x;
    }

    List<String> list(String name) {
        String v = values.get(name);
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : Arrays.asList(v.split(","))) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    String choice(String name, String fallback, String... allowed) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new UsageException(name, "must be one of " + String.join("|", allowed) + ", got \"" + v + "\"");
    }
}
