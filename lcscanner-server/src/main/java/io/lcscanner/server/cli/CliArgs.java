package io.lcscanner.server.cli;

import io.lcscanner.server.Main;
import io.lcscanner.server.Problems;
import io.lcscanner.server.UsageException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * A command's parsed options. Each option is declared once, as a picocli {@code @Option} field of the
 * command's options class (names, value label, help text; {@link Env} names the environment variable that
 * supplies its default, read from the map the command is given, so tests set it without a process); picocli
 * parses the arguments and generates {@code --help}. Typed fields are converted by the converters below
 * ({@code scan}'s options); the getters serve options kept as text ({@code serve}'s, whose environment
 * variables are most of their use). Either way a bad value fails with a {@link UsageException} naming where it
 * came from: the option, or the environment variable when the option was not given.
 */
final class CliArgs {
    /** The environment variable an option's default comes from. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @interface Env {
        String value();
    }

    private final CommandLine.ParseResult parsed;
    private final CommandLine.Model.CommandSpec spec;

    private CliArgs(CommandLine.Model.CommandSpec spec, CommandLine.ParseResult parsed) {
        this.spec = spec;
        this.parsed = parsed;
    }

    /**
     * Parses {@code args} against the options declared by {@code options} (an instance of the command's
     * options class); {@code env} supplies the defaults of options marked {@link Env}.
     */
    static CliArgs parse(Object options, String[] args, Map<String, String> env) {
        CommandLine cli = commandLine(options, env);
        try {
            return new CliArgs(cli.getCommandSpec(), cli.parseArgs(args));
        } catch (CommandLine.UnmatchedArgumentException e) {
            String arg = e.getUnmatched().isEmpty() ? "?" : e.getUnmatched().get(0);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            List<String> like = e.getSuggestions();
            throw new UsageException(name, !arg.startsWith("-") ? "unexpected argument (options start with --)"
                    : like.isEmpty() ? "unknown option" : "unknown option; did you mean " + String.join(" or ", like) + "?");
        } catch (CommandLine.OverwrittenOptionException e) {
            throw new UsageException(e.getOverwritten() instanceof OptionSpec o ? o.longestName() : name(e),
                    "given more than once");
        } catch (CommandLine.MissingParameterException e) {
            String name = e.getMissing() != null && !e.getMissing().isEmpty() && e.getMissing().get(0) instanceof OptionSpec o
                    ? o.longestName() : e.getMissing() != null && !e.getMissing().isEmpty()
                    && e.getMissing().get(0) instanceof CommandLine.Model.PositionalParamSpec p ? p.paramLabel() : name(e);
            throw new UsageException(name, "needs a value");
        } catch (CommandLine.ParameterException e) {
            if (e.getCause() instanceof CommandLine.TypeConversionException bad) { // a converter's own words
                throw new UsageException(name(e), bad.getMessage());
            }
            throw new UsageException(name(e), "takes no value");
        }
    }

    /** {@code YYYY-MM-DD}. */
    static final class Date implements CommandLine.ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String v) {
            try {
                return LocalDate.parse(v.trim());
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("not a date in the form YYYY-MM-DD: " + Problems.quote(v));
            }
        }
    }

    /** A whole number; {@code _} may group digits. Bounds are the command's to check (they differ by option). */
    static final class WholeNumber implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String v) {
            try {
                return Long.parseLong(v.trim().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("not a whole number: " + Problems.quote(v));
            }
        }
    }

    /** A number ≥ 0; {@code _} may group digits. */
    static final class NonNegative implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            double x;
            try {
                x = Double.parseDouble(v.trim().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("not a number: " + Problems.quote(v));
            }
            if (!Double.isFinite(x) || x < 0) {
                throw new CommandLine.TypeConversionException("must be a number ≥ 0, got " + v);
            }
            return x;
        }
    }

    /** One of a fixed set of words. */
    abstract static class Choice implements CommandLine.ITypeConverter<String> {
        private final List<String> allowed;

        Choice(String... allowed) {
            this.allowed = List.of(allowed);
        }

        @Override
        public String convert(String v) {
            if (!allowed.contains(v)) {
                throw new CommandLine.TypeConversionException("must be one of " + String.join("|", allowed) + ", got "
                        + Problems.quote(v));
            }
            return v;
        }
    }

    /** {@code --format}. */
    static final class OutputFormat extends Choice {
        OutputFormat() {
            super("table", "csv", "json");
        }
    }

    /** {@code --source}. */
    static final class SourceKind extends Choice {
        SourceKind() {
            super("synthetic", "csv", "polygon");
        }
    }

    /**
     * The generated option list of a command, as wide as the terminal ({@code width} columns), its usage lines
     * naming the command as it was started ({@link Main#program()}).
     */
    static String usage(Object options, int width) {
        CommandLine cli = commandLine(options, Map.of());
        cli.setUsageHelpWidth(Math.max(55, Math.min(width, 120)));
        return cli.getUsageMessage(CommandLine.Help.Ansi.OFF).replace(Main.DEFAULT_PROGRAM, Main.program());
    }

    private static CommandLine commandLine(Object options, Map<String, String> env) {
        CommandLine cli = new CommandLine(options);
        cli.setOverwrittenOptionsAllowed(false);
        cli.setDefaultValueProvider(arg -> {
            if (arg instanceof OptionSpec o && o.userObject() instanceof Field f && f.isAnnotationPresent(Env.class)) {
                String v = env.get(f.getAnnotation(Env.class).value());
                return v == null || v.isBlank() ? null : v.trim();
            }
            return null;
        });
        return cli;
    }

    private static String name(CommandLine.ParameterException e) {
        if (e.getArgSpec() instanceof CommandLine.Model.PositionalParamSpec p) {
            return p.paramLabel();
        }
        return e.getArgSpec() instanceof OptionSpec o ? o.longestName() : "argument";
    }

    private OptionSpec option(String name) {
        OptionSpec o = spec.findOption(name);
        if (o == null) {
            throw new IllegalArgumentException("no option " + name + " is declared");
        }
        return o;
    }

    /** Whether the option was given on the command line. */
    boolean given(String name) {
        return parsed.hasMatchedOption(name);
    }

    /** Whether the option has a value: given, or (for {@link Env} options) set in the environment; a flag that is on. */
    boolean has(String name) {
        Object v = option(name).getValue();
        return v instanceof Boolean b ? b : v != null;
    }

    /** Where the option's value came from, for messages: the option, or its environment variable. */
    String origin(String name) {
        OptionSpec o = option(name);
        if (given(name) || !(o.userObject() instanceof Field f) || !f.isAnnotationPresent(Env.class)) {
            return name;
        }
        return f.getAnnotation(Env.class).value();
    }

    String string(String name, String fallback) {
        Object v = option(name).getValue();
        return v == null ? fallback : v.toString();
    }

    /** Every value of a repeatable option, in the order given. */
    List<String> strings(String name) {
        Object v = option(name).getValue();
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> values) {
            values.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }

    /** The positional argument at {@code index}, or {@code null}. */
    String positional(int index) {
        List<CommandLine.Model.PositionalParamSpec> p = spec.positionalParameters();
        Object v = index < p.size() ? p.get(index).getValue() : null;
        return v == null ? null : v.toString();
    }

    LocalDate date(String name, LocalDate fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new UsageException(origin(name), "not a date in the form YYYY-MM-DD: " + Problems.quote(v));
        }
    }

    long longValue(String name, long fallback, long min, long max) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        long x;
        try {
            x = Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(origin(name), "not a whole number: " + Problems.quote(v));
        }
        if (x < min || x > max) {
            throw new UsageException(origin(name), "must be between " + min + " and " + max + ", got " + x);
        }
        return x;
    }

    /** A number ≥ 0. */
    double doubleValue(String name, double fallback) {
        double x = number(name, fallback);
        if (!Double.isFinite(x) || x < 0) {
            throw new UsageException(origin(name), "must be a number ≥ 0, got " + string(name, ""));
        }
        return x;
    }

    /** Any number. */
    double number(String name, double fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(origin(name), "not a number: " + Problems.quote(v));
        }
    }

    /** A comma-separated list. */
    List<String> list(String name) {
        String v = string(name, null);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    String choice(String name, String fallback, String... allowed) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new UsageException(origin(name), "must be one of " + String.join("|", allowed) + ", got " + Problems.quote(v));
    }
}
