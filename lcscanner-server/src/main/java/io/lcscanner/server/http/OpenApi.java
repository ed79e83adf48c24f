package io.lcscanner.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lcscanner.core.HitSchema;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.server.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * {@code /openapi.json}: the written document ({@code openapi.json} in the jar) with the schemas that follow
 * from the column model filled in at start-up, so they cannot drift from what the server writes: {@code Hit}
 * from LC's {@link HitSchema} with every stage (its columns, the premarket fields, the outcomes), and the kinds
 * and groups of {@code Column}.
 */
final class OpenApi {
    private OpenApi() {
    }

    /** The served document: {@code written} with the derived schemas. */
    static byte[] document(byte[] written) {
        ObjectNode doc;
        try {
            doc = (ObjectNode) Json.MAPPER.readTree(written);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.json is not valid JSON", e);
        }
        ObjectNode schemas = (ObjectNode) doc.path("components").path("schemas");
        HitSchema lc = HitSchema.of(ScannerDefinition.lc(), true, true);
        schemas.set("Hit", hit(lc));
        ObjectNode column = (ObjectNode) schemas.path("Column").path("properties");
        ArrayNode kinds = ((ObjectNode) column.path("kind")).putArray("enum");
        for (HitSchema.Kind k : HitSchema.Kind.values()) {
            kinds.add(lower(k));
        }
        ArrayNode groups = ((ObjectNode) column.path("group")).putArray("enum");
        for (HitSchema.Group g : HitSchema.Group.values()) {
            groups.add(lower(g));
        }
        return Json.bytes(doc);
    }

    /** One hit of {@code schema}: a property per column in output order; a value that can be missing is nullable. */
    static ObjectNode hit(HitSchema schema) {
        ObjectNode hit = Json.object();
        hit.put("type", "object");
        hit.put("description", "One hit of " + schema.scanner() + ", fields in this order: the key, one 0/1 flag per "
                + "pattern, the scanner's columns (spec §6), then the five premarket fields (spec §7) when that stage ran, "
                + "then the forward outcomes when the request asked for them. A missing value is null. Other scanners' "
                + "hits have their own columns, which the results list in `columns`.");
        ObjectNode properties = hit.putObject("properties");
        ArrayNode required = hit.putArray("required");
        for (HitSchema.Column c : schema.columns()) {
            ObjectNode p = properties.putObject(c.name());
            switch (c.kind()) {
                case TEXT -> p.put("type", "string");
                case DATE -> p.put("type", "string").put("format", "date");
                case FLAG -> p.put("type", "integer").putArray("enum").add(0).add(1);
                case NUMBER -> p.put("type", "number");
            }
            if (!c.labels().isEmpty()) {
                ArrayNode labels = p.putArray("enum");
                c.labels().forEach(labels::add);
            }
            switch (c.group()) {
                case KEY, PATTERN -> required.add(c.name());
                // a tier always has a label; any other value may be missing (a window not filled yet, x / 0)
                case VALUE -> {
                    required.add(c.name());
                    if (c.kind() != HitSchema.Kind.TEXT) {
                        p.put("nullable", true);
                    }
                }
                case PREMARKET -> p.put("nullable", true).put("description", "premarket field (spec §7), present when "
                        + "the premarket stage ran; null when it could not be computed");
                case OUTCOME -> p.put("nullable", true).put("description", "forward outcome, present when the request "
                        + "asked for outcomes; null when its bars do not exist (yet)");
            }
            if (c.group() == HitSchema.Group.PATTERN) {
                p.put("description", "1 when pattern " + c.name() + " holds");
            }
        }
        return hit;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
