package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.synthetic.SyntheticMarket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Swagger's "Try it out" sends the request body's example: it must run, and the per-field examples must agree with it. */
class OpenApiExampleTest {
    @TempDir
    Path dir;

    @Test
    void theExecuteExampleRunsOnTheDefaultMarketAndFieldExamplesAgreeWithIt() throws Exception {
        try (TestServer s = TestServer.start(dir, new SyntheticMarket(SyntheticMarket.DEFAULT_SEED, 40))) {
            JsonNode doc = TestServer.json(s.get("/openapi.json"));
            JsonNode execute = doc.at("/paths/~1api~1scan~1execute/post");
            JsonNode example = execute.at("/requestBody/content/application~1json/example");
            assertThat(example.isObject()).as("the request body's media type has an example").isTrue();
            assertThat(execute.at("/responses/200/description").asText()).doesNotStartWith("Accepted")
                    .contains("running").contains("queued");

            String id = s.execute(example.toString());
            JsonNode p = s.awaitFinal(id, Duration.ofSeconds(60));
            assertThat(p.path("status").asText()).as(p.toString()).isEqualTo("completed");
            assertThat(p.path("warnings")).isEmpty();

            // a field's own example (what Swagger shows beside it) is the value the body's example gives it
            JsonNode props = doc.at("/components/schemas/ScanRequest/properties");
            props.fieldNames().forEachRemaining(name -> {
                JsonNode own = props.path(name).path("example");
                if (!own.isMissingNode() && example.has(name) && !name.equals("params")) {
                    assertThat(own).as(name).isEqualTo(example.get(name));
                }
            });
            JsonNode filters = props.path("filters").path("properties");
            filters.fieldNames().forEachRemaining(name -> assertThat(filters.path(name).path("example").asDouble(-1))
                    .as("filters." + name).isEqualTo(example.path("filters").path(name).asDouble(-1)));
        }
    }
}
