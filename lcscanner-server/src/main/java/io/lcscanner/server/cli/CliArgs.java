package io.lcscanner.server.cli;

import io.lcscanner.server.Main;
import io.lcscanner.server.Problems;
import io.lcscanner.server.UsageException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * A command's parsed options. Each option is declared once, as a typed picocli {@code @Option} field of the
 * command's options class (names, value label, help text, default); picocli parses the arguments, converts the
 * values with the converters below and generates {@code --help}. An option whose {@code descriptionKey} names an
 * environment variable takes its default from that variable, read by picocli's {@link
 * CommandLine.PropertiesDefaultProvider} from the map the command is given (not from the process, so tests set it
 * without one; picocli's {@code ${env:NAME}} would read the process's). A bad value fails with a
 * {@link UsageException} naming where it came from: the option, or the environment variable when the option was
 * not given.
 */
final class CliArgs {
    private final CommandLine.ParseResult parsed;
    private final CommandLine.Model.CommandSpec spec;

    private CliArgs(CommandLine.Model.CommandSpec spec, CommandLine.ParseResult parsed) {
        this.spec = spec;
        this.parsed = parsed;
    }

    /**
     * Parses {@code args} into {@code options} (an instance of the command's options class); {@code env} supplies
     * the defaults of the options whose {@code descriptionKey} names a variable (a blank value counts as unset).
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
            throw new UsageException(e.getOverwritten() instanceof OptionSpec o ? o.longestName() : name(e, args),
                    "given more than once");
        } catch (CommandLine.MissingParameterException e) {
            String name = e.getMissing() != null && !e.getMissing().isEmpty() && e.getMissing().get(0) instanceof OptionSpec o
                    ? o.longestName() : e.getMissing() != null && !e.getMissing().isEmpty()
                    && e.getMissing().get(0) instanceof CommandLine.Model.PositionalParamSpec p ? p.paramLabel() : name(e, args);
            throw new UsageException(name, "needs a value");
        } catch (CommandLine.ParameterException e) {
            if (e.getCause() instanceof CommandLine.TypeConversionException bad) { // a converter's own words
                throw new UsageException(name(e, args), bad.getMessage());
            }
            throw new UsageException(name(e, args), "takes no value");
        }
    }

    /** Whether the option was given on the command line. */
    boolean given(String name) {
        return parsed.hasMatchedOption(name);
    }

    /** Where the option's value came from, for messages: the option, or its environment variable. */
    String origin(String name) {
        OptionSpec o = spec.findOption(name);
        if (o == null) {
            throw new IllegalArgumentException("no option " + name + " is declared");
        }
        return given(name) || variable(o) == null ? name : variable(o);
    }

    /** {@code value} as an int if it lies in {@code min..max}; else the error names the option's origin. */
    int within(String name, long value, long min, long max) {
        return (int) withinLong(name, value, min, max);
    }

    long withinLong(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageException(origin(name), "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
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

    /** Any number; {@code _} may group digits. Bounds are the command's to check. */
    static final class Decimal implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            try {
                return Double.parseDouble(v.trim().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("not a number: " + Problems.quote(v));
            }
        }
    }

    /** One of a fixed set of words, as written ({@code scan}'s) or in any case ({@code serve}'s, from variables). */
    abstract static class Choice implements CommandLine.ITypeConverter<String> {
        private final List<String> allowed;
        private final boolean anyCase;

        Choice(String... allowed) {
            this(false, allowed);
        }

        Choice(boolean anyCase, String... allowed) {
            this.allowed = List.of(allowed);
            this.anyCase = anyCase;
        }

        @Override
        public String convert(String v) {
            String word = anyCase ? v.toLowerCase(Locale.ROOT) : v;
            if (!allowed.contains(word)) {
                throw new CommandLine.TypeConversionException("must be one of " + String.join("|", allowed) + ", got "
                        + Problems.quote(v));
            }
            return word;
        }
    }

    /** {@code --format}. */
    static final class OutputFormat extends Choice {
        OutputFormat() {
            super("table", "csv", "json");
        }
    }

    /** {@code serve --data-source}. */
    static final class DataSource extends Choice {
        DataSource() {
            super(true, "synthetic", "csv", "polygon");
        }
    }

    /** {@code serve --log-level}. */
    static final class LogLevel extends Choice {
        LogLevel() {
            super(true, "trace", "debug", "info", "warn", "error");
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
        // only the variables the options name: an unrelated one (say "format") must not become a default
        Properties defaults = new Properties();
        for (OptionSpec o : cli.getCommandSpec().options()) {
            String v = variable(o) == null ? null : env.get(variable(o));
            if (v != null && !v.isBlank()) {
                defaults.setProperty(variable(o), v.trim());
            }
        }
        cli.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(defaults));
        return cli;
    }

    /** The environment variable that supplies the option's default, or {@code null}. */
    private static String variable(OptionSpec o) {
        return o.descriptionKey() == null || o.descriptionKey().isEmpty() ? null : o.descriptionKey();
    }

    /**
     * The name a bad value is reported under: the option, or its variable when the option is not among the
     * arguments (picocli converts defaults like given values, so the error alone does not say which it was).
     */
    private static String name(CommandLine.ParameterException e, String[] args) {
        if (e.getArgSpec() instanceof CommandLine.Model.PositionalParamSpec p) {
            return p.paramLabel();
        }
        if (!(e.getArgSpec() instanceof OptionSpec o)) {
            return "argument";
        }
        if (variable(o) != null && Arrays.stream(args).noneMatch(a -> Arrays.stream(o.names())
                .anyMatch(n -> a.equals(n) || a.startsWith(n + "=")))) {
            return variable(o);
        }
        return o.longestName();
    }
}
