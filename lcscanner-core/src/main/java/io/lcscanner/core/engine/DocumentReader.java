package io.lcscanner.core.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the JSON of a scanner document (scanner-rules.md §1) into its parts, checking the shape: known
 * keys only, each once, of the right JSON type, within the size limits of §4. Expressions stay text
 * here; {@link DocumentChecker} parses and checks them. Jackson's streaming parser gives the line and
 * column of a syntax error; keys and types are checked here so that every problem is reported, not
 * just the first.
 */
final class DocumentReader {
    static final int MAX_DOCUMENT_BYTES = 64 * 1024;
    static final int MAX_NAMES = 256;
    static final int MAX_LOOKBACK_DAYS = 20 * 366;
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final String NAME_RULE = "[a-z][a-z0-9_]{0,63}";
    /** Ours are two levels deep; anything deeper is refused by the parser before it costs anything. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
            .build();
    private static final Pattern SOURCE_NOTE = Pattern.compile(
            "\\s*\\((?:start marker at|for \\w+ starting at) \\[Source:[^\\]]*\\]\\)|\\s*\\[Source:[^\\]]*\\]");
    /** Jackson's advice on its own settings ("enable `JsonReadFeature.ALLOW_…`", "since Feature 'ALLOW_…' not enabled"). */
    private static final Pattern PARSER_SETTINGS = Pattern.compile(
            "\\s*\\([^()]*(?:Feature|ALLOW_)[^()]*\\)|[:;,]?\\s*(?:enable|disable)\\s+`?[\\w.]*(?:Feature|ALLOW_)[\\w.]*`?(?:\\s+to allow)?");

    /** The document's parts as written; maps keep the document's order. */
    record RawDocument(String name, String description, Map<String, Double> params, int lookbackDays,
                       String rounding, boolean premarket, Map<String, String> features, Map<String, String> signals,
                       String gate, Map<String, String> patterns, Map<String, String> columns) {
    }

    private final Problems problems;
    private JsonParser p;
    private int names;

    private String name, description, gate, rounding = "none";
    private final Map<String, Double> params = new LinkedHashMap<>();
    private int lookbackDays = 400;
    private boolean premarket;
    private final Map<String, String> features = new LinkedHashMap<>(), signals = new LinkedHashMap<>(),
            patterns = new LinkedHashMap<>(), columns = new LinkedHashMap<>();
    private boolean sawName, sawPatterns;

    private DocumentReader(Problems problems) {
        this.problems = problems;
    }

    /** The document's parts, or null when it cannot be read at all (problems say why). */
    static RawDocument read(String json, Problems problems) {
        return new DocumentReader(problems).read(json);
    }

    private RawDocument read(String json) {
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_DOCUMENT_BYTES) {
            problems.add("", 0, "the document is " + bytes + " bytes, more than the " + MAX_DOCUMENT_BYTES
                    + " (64 KiB) allowed");
            return null;
        }
        try (JsonParser parser = JSON.createParser(json)) {
            p = parser;
            if (p.nextToken() != JsonToken.START_OBJECT) {
                problems.add("", 0, "a scanner document is a JSON object, {\"name\": …, \"patterns\": {…}}");
                return null;
            }
            topLevel();
            if (p.nextToken() != null) {
                problems.add("", 0, "unexpected content after the document's closing '}' at " + where(p.currentLocation()));
            }
        } catch (StreamConstraintsException e) {
            // no key: the parser reads a value with its name, so the last key seen may not be the culprit
            problems.add("", 0, "invalid JSON at " + where(p.currentLocation()) + ": nested too deeply or a value too long");
            return null;
        } catch (JsonProcessingException e) {
            problems.add("", 0, "invalid JSON at " + where(e.getLocation()) + ": " + PARSER_SETTINGS.matcher(
                    SOURCE_NOTE.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("")).replaceAll(""));
            return null;
        } catch (IOException e) {
            problems.add("", 0, "the document cannot be read");
            return null;
        }
        if (!sawName) {
            problems.add("name", 0, "is required");
        }
        if (!sawPatterns) {
            problems.add("patterns", 0, "is required: at least one pattern");
        } else if (patterns.isEmpty()) {
            problems.add("patterns", 0, "needs at least one pattern");
        }
        return new RawDocument(name, description, params, lookbackDays, rounding, premarket, features, signals, gate,
                patterns, columns);
    }

    private void topLevel() throws IOException {
        Set<String> seen = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonLocation at = p.currentTokenLocation();
            JsonToken value = p.nextToken();
            if (!seen.add(key)) {
                problems.add(key, 0, "duplicate key at " + where(at));
                p.skipChildren();
                continue;
            }
            switch (key) {
                case "name" -> {
                    sawName = true;
                    String s = string(key, value);
                    if (s != null && !NAME.matcher(s).matches()) {
                        problems.add(key, 0, "must match " + NAME_RULE + ", got \"" + clip(s) + "\"");
                    } else {
                        name = s;
                    }
                }
                case "description" -> description = string(key, value);
                case "gate" -> gate = expression(key, value);
                case "rounding" -> {
                    String s = string(key, value);
                    if (s != null && !s.equals("reference") && !s.equals("none")) {
                        problems.add(key, 0, "must be \"reference\" or \"none\", got \"" + clip(s) + "\"");
                    } else if (s != null) {
                        rounding = s;
                    }
                }
                case "premarket" -> {
                    if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                        premarket = value == JsonToken.VALUE_TRUE;
                    } else {
                        wrongType(key, "true or false", value);
                    }
                }
                case "lookback_days" -> lookbackDays();
                case "params" -> params();
                case "features" -> section(key, features);
                case "signals" -> section(key, signals);
                case "patterns" -> {
                    sawPatterns = true;
                    section(key, patterns);
                }
                case "columns" -> section(key, columns);
                default -> {
                    problems.add(key, 0, "unknown key (a document has name, description, params, lookback_days, "
                            + "rounding, premarket, features, signals, gate, patterns, columns)");
                    p.skipChildren();
                }
            }
        }
    }

    private void lookbackDays() throws IOException {
        JsonToken value = p.currentToken();
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
            wrongType("lookback_days", "a whole number of calendar days", value);
            return;
        }
        double d = p.getDoubleValue();
        if (d != Math.rint(d) || d < 0 || d > MAX_LOOKBACK_DAYS) {
            problems.add("lookback_days", 0, "must be a whole number between 0 and " + MAX_LOOKBACK_DAYS + ", got "
                    + p.getText());
            return;
        }
        lookbackDays = (int) d;
    }

    private void params() throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            wrongType("params", "an object of name → number", p.currentToken());
            return;
        }
        Set<String> seen = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String param = p.currentName();
            String key = "params." + param;
            JsonLocation at = p.currentTokenLocation();
            JsonToken value = p.nextToken();
            if (!seen.add(param)) {
                problems.add(key, 0, "duplicate key at " + where(at));
                p.skipChildren();
                continue;
            }
            if (!NAME.matcher(param).matches()) {
                problems.add(key, 0, "a param name must match " + NAME_RULE);
            }
            if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
                wrongType(key, "a number", value);
                continue;
            }
            double d = p.getDoubleValue();
            if (!Double.isFinite(d)) {
                problems.add(key, 0, "must be a finite number, got " + p.getText());
                continue;
            }
            params.put(param, d);
        }
    }

    private void section(String section, Map<String, String> into) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            wrongType(section, "an object of name → expression", p.currentToken());
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String entry = p.currentName();
            String key = section + "." + entry;
            JsonLocation at = p.currentTokenLocation();
            JsonToken value = p.nextToken();
            if (into.containsKey(entry)) {
                problems.add(key, 0, "duplicate key at " + where(at));
                p.skipChildren();
                continue;
            }
            if (++names == MAX_NAMES + 1) {
                problems.add(key, 0, "more than " + MAX_NAMES + " features, signals, patterns and columns");
            }
            into.put(entry, expression(key, value)); // null when reported: checked no further
        }
    }

    /** An expression's text, or null when it is not a string or too long (reported). */
    private String expression(String key, JsonToken value) throws IOException {
        String s = string(key, value);
        if (s != null && s.length() > ExpressionParser.MAX_LENGTH) {
            problems.add(key, 0, "the expression is " + s.length() + " characters, more than the "
                    + ExpressionParser.MAX_LENGTH + " allowed");
            return null;
        }
        return s;
    }

    private String string(String key, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            wrongType(key, "a string", value);
            return null;
        }
        return p.getText();
    }

    private void wrongType(String key, String expected, JsonToken got) throws IOException {
        problems.add(key, 0, "must be " + expected + ", got " + describe(got));
        p.skipChildren();
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name().toLowerCase(java.util.Locale.ROOT) : t.asString();
        };
    }

    private static String where(JsonLocation at) {
        return at == null ? "an unknown place" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static String clip(String s) {
        return s.length() <= 70 ? s : s.substring(0, 67) + "...";
    }
}
