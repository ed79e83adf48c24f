package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.HitFormat;
import io.lcscanner.core.synthetic.SyntheticMarket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics parses as Prometheus text 0.0.4; /openapi.json documents every route; /docs serves Swagger UI. */
class MetricsAndDocsTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, new SyntheticMarket(2, 30));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One sample: {@code name{labels} value}. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"(,|$)");

    /** A strict little parser of the text format: fails on any line it does not understand. */
    static List<Sample> parse(String text, Map<String, String> types) {
        assertThat(text).endsWith("\n");
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                assertThat(NAME.matcher(line.split(" ")[2]).matches()).as(line).isTrue();
            } else if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                assertThat(p).as(line).hasSize(4);
                assertThat(p[3]).isIn("counter", "gauge", "histogram", "summary", "untyped");
                assertThat(types.put(p[2], p[3])).as("TYPE declared twice: " + line).isNull();
            } else {
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as("not a sample: " + line).isTrue();
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(3) != null) {
                    Matcher l = LABEL.matcher(m.group(3));
                    int end = 0;
                    while (l.find() && l.start() == end) {
                        labels.put(l.group(1), l.group(2));
                        end = l.end();
                    }
                    assertThat(end).as("labels of " + line).isEqualTo(m.group(3).length());
                }
                String v = m.group(4);
                double value = v.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(v);
                String family = m.group(1).replaceAll("_(bucket|sum|count)$", "");
                assertThat(types.containsKey(m.group(1)) || types.containsKey(family)).as("no TYPE before " + line).isTrue();
                out.add(new Sample(m.group(1), labels, value));
            }
        }
        return out;
    }

    @Test
    void metricsAreValidPrometheusTextWithRouteTemplates() throws Exception {
        String id = server.execute("{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-03-31\"}");
        server.awaitFinal(id, java.time.Duration.ofSeconds(30));
        server.get("/api/scan/results/" + id);
        server.get("/api/scan/progress/scan_20250101_000000_00000000");
        server.get("/no/such/route");

        HttpResponse<String> r = server.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = parse(r.body(), types);

        assertThat(types).containsEntry("lcscanner_scans_total", "counter")
                .containsEntry("lcscanner_scans_active", "gauge").containsEntry("lcscanner_scans_queued", "gauge")
                .containsEntry("lcscanner_scan_duration_seconds", "histogram")
                .containsEntry("lcscanner_scan_bars_per_second", "histogram")
                .containsEntry("lcscanner_http_requests_total", "counter")
                .containsEntry("lcscanner_polygon_requests_total", "counter")
                .containsEntry("lcscanner_polygon_retries_total", "counter")
                .containsEntry("lcscanner_polygon_errors_total", "counter")
                .containsEntry("lcscanner_cache_hits_total", "counter")
                .containsEntry("lcscanner_cache_misses_total", "counter")
                .containsEntry("lcscanner_uptime_seconds", "gauge").containsEntry("lcscanner_info", "gauge")
                .containsEntry("lcscanner_http_request_duration_seconds", "histogram")
                // the JVM's own: memory, GC, threads, classes, CPU, descriptors
                .containsEntry("jvm_memory_used_bytes", "gauge").containsEntry("jvm_gc_memory_allocated_bytes_total", "counter")
                .containsEntry("jvm_threads_live_threads", "gauge").containsEntry("jvm_classes_loaded_classes", "gauge")
                .containsEntry("process_cpu_usage", "gauge").containsEntry("process_files_open_files", "gauge");
        assertThat(value(samples, "lcscanner_info", Map.of())).isEqualTo(1);
        assertThat(value(samples, "jvm_threads_live_threads", Map.of())).isPositive();
        assertThat(value(samples, "lcscanner_scans_total", Map.of("status", "completed"))).isEqualTo(1);
        assertThat(value(samples, "lcscanner_polygon_requests_total", Map.of())).isZero();
        assertThat(value(samples, "lcscanner_cache_hits_total", Map.of())).isZero();
        assertThat(value(samples, "lcscanner_scan_duration_seconds_count", Map.of())).isEqualTo(1);
        assertThat(value(samples, "lcscanner_http_requests_total",
                Map.of("method", "GET", "route", "/api/scan/progress/{scan_id}", "status", "404"))).isEqualTo(1);
        assertThat(value(samples, "lcscanner_http_requests_total",
                Map.of("method", "GET", "route", "/api/scan/results/{scan_id}", "status", "200"))).isEqualTo(1);
        assertThat(value(samples, "lcscanner_http_requests_total",
                Map.of("method", "GET", "route", "unmatched", "status", "404"))).isEqualTo(1);
        // no raw paths, scan ids or tickers in labels
        for (Sample s : samples) {
            for (String v : s.labels().values()) {
                assertThat(v).doesNotContain("scan_2").doesNotContain("/no/such");
            }
        }
        // histograms: cumulative buckets, +Inf equals _count
        for (String h : List.of("lcscanner_scan_duration_seconds", "lcscanner_scan_bars_per_second",
                "lcscanner_http_request_duration_seconds")) {
            double previous = 0;
            double inf = -1;
            for (Sample s : samples) {
                if (s.name().equals(h + "_bucket")) {
                    assertThat(s.value()).isGreaterThanOrEqualTo(previous);
                    previous = s.value();
                    if (s.labels().get("le").equals("+Inf")) {
                        inf = s.value();
                    }
                }
            }
            assertThat(inf).isEqualTo(value(samples, h + "_count", Map.of()));
        }
    }

    private static double value(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + labels));
    }

    @Test
    void openApiDocumentsEveryRoute() {
        HttpResponse<String> r = server.get("/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode doc = TestServer.json(r);
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.path("info").path("title").asText()).isNotEmpty();
        JsonNode paths = doc.path("paths");
        // the route table and the document list the same operations, both ways (HEAD goes with GET)
        java.util.Set<String> served = new java.util.TreeSet<>();
        for (Routes.Route route : Routes.TABLE) {
            if (!route.method().equals("HEAD")) {
                served.add(route.method().toLowerCase(java.util.Locale.ROOT) + " " + route.documentedPath());
            }
        }
        java.util.Set<String> documented = new java.util.TreeSet<>();
        paths.fieldNames().forEachRemaining(path -> paths.path(path).fieldNames().forEachRemaining(method -> {
            documented.add(method + " " + path);
            assertThat(paths.path(path).path(method).path("responses").size()).as(method + " " + path).isPositive();
        }));
        assertThat(documented).isEqualTo(served);
        for (Routes.Route route : Routes.TABLE) {
            if (route.method().equals("HEAD")) {
                assertThat(Routes.TABLE).as("HEAD " + route.template() + " without GET")
                        .anyMatch(other -> other.method().equals("GET") && other.template().equals(route.template()));
            }
        }
        // every $ref resolves
        for (String ref : doc.findValuesAsText("$ref")) {
            assertThat(doc.at(ref.substring(1))).as(ref).isNotNull();
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
        // Hit, derived from LC's columns: spec §6, the §7 premarket fields, the outcomes of issue 14, in order
        JsonNode hit = doc.at("/components/schemas/Hit/properties");
        List<String> names = new ArrayList<>();
        hit.fieldNames().forEachRemaining(names::add);
        List<String> expected = new ArrayList<>(io.lcscanner.core.Golden.lcColumns(true));
        expected.addAll(List.of("next_open_gap", "next_day_return", "next_high", "next_low", "ret_1d", "ret_5d",
                "max_high_5d", "min_low_5d"));
        assertThat(names).containsExactlyElementsOf(expected);
        assertThat(hit.path("lc_frontside_d2_extended").path("enum").toString()).isEqualTo("[0,1]");
        assertThat(hit.path("lc_frontside_d2_extended").has("nullable")).isFalse();
        assertThat(hit.path("parabolic_tier").path("enum").toString()).isEqualTo("[\"A+\",\"A\",\"B\",\"C\",\"D\"]");
        assertThat(hit.path("gap_pct").path("nullable").asBoolean()).isTrue();
        assertThat(hit.path("valid_pm_liq").path("nullable").asBoolean()).isTrue();
        assertThat(hit.path("ret_5d").path("type").asText()).isEqualTo("number");
        assertThat(hit.path("ret_5d").path("nullable").asBoolean()).isTrue();
        List<String> required = new ArrayList<>();
        doc.at("/components/schemas/Hit/required").forEach(n -> required.add(n.asText()));
        assertThat(required).containsExactlyElementsOf(io.lcscanner.core.Golden.lcColumns(false));
        // the kinds a results' column may have: what the dashboard reads
        assertThat(doc.at("/components/schemas/Column/properties/kind/enum").toString())
                .isEqualTo("[\"text\",\"date\",\"flag\",\"number\"]");
    }

    @Test
    void docsServeSwaggerUiPointedAtTheSpec() {
        HttpResponse<String> redirect = server.get("/docs");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/docs/");
        HttpResponse<String> index = server.get("/docs/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("swagger-ui").contains("swagger-initializer.js");
        HttpResponse<String> init = server.get("/docs/swagger-initializer.js");
        assertThat(init.body()).contains("\"/openapi.json\"");
        HttpResponse<String> bundle = server.get("/docs/swagger-ui-bundle.js");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.body().length()).isGreaterThan(100_000);
        assertThat(server.get("/docs/swagger-ui.css").statusCode()).isEqualTo(200);
    }
}
