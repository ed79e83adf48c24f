package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.engine.OutputColumn;
import io.lcscanner.core.engine.ScanKernel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scanner definition API: built-ins, what a definition says about itself, kernels per request. */
class ScannerDefinitionTest {

    @Test
    void lcIsTheFirstBuiltinAndSaysWhatLcScannerMdSays() {
        ScannerDefinition lc = ScannerDefinition.lc();
        assertThat(ScannerDefinition.builtins()).extracting(ScannerDefinition::name).containsExactly("lc");
        assertThat(ScannerDefinition.builtin("lc")).isSameAs(lc);
        assertThat(lc.name()).isEqualTo("lc");
        assertThat(lc.description()).startsWith("Large-cap parabolic frontside");
        assertThat(lc.params()).containsExactly(Map.entry("min_volume", 10_000_000.0),
                Map.entry("min_dollar_volume", 500_000_000.0), Map.entry("min_price", 5.0));
        assertThat(lc.lookbackDays()).isEqualTo(400);
        assertThat(lc.referenceRounding()).isTrue();
        assertThat(lc.premarket()).isTrue();
        assertThat(lc.patterns()).containsExactly("lc_frontside_d3_extended_1", "lc_frontside_d2_extended",
                "lc_frontside_d2_extended_1");
        // ticker, date, the flags, then the columns: exactly lc-scanner.md §6
        List<String> record = new java.util.ArrayList<>(List.of("ticker", "date"));
        record.addAll(lc.patterns());
        record.addAll(lc.columns());
        assertThat(record).containsExactlyElementsOf(Golden.lcColumns(false));
        assertThat(lc.json()).contains("\"name\": \"lc\"");
        assertThat(ScannerDefinition.parse(lc.json()).columns()).isEqualTo(lc.columns());
    }

    @Test
    void theKernelDescribesItsRowAndIsCompiledOncePerRequest() {
        ScannerDefinition lc = ScannerDefinition.lc();
        ScanKernel kernel = lc.kernel(Map.of());
        List<OutputColumn> columns = kernel.columns();
        assertThat(columns.subList(0, 3)).extracting(OutputColumn::kind).containsOnly(OutputColumn.Kind.FLAG);
        assertThat(columns.get(3)).isEqualTo(OutputColumn.number("parabolic_score"));
        assertThat(columns.get(4)).isEqualTo(OutputColumn.text("parabolic_tier", List.of("A+", "A", "B", "C", "D")));
        assertThat(columns).hasSize(3 + lc.columns().size());
        assertThat(lc.kernel(Map.of())).isSameAs(kernel);
        assertThat(lc.kernel(Map.of(), true)).isSameAs(kernel);
        assertThat(lc.kernel(Map.of(), false)).isNotSameAs(kernel);
        assertThat(lc.kernel(Map.of("min_price", 10.0))).isNotSameAs(kernel).isSameAs(lc.kernel(Map.of("min_price", 10.0)));
    }

    @Test
    void aUserDocumentWithDefaults() {
        ScannerDefinition d = ScannerDefinition.parse("{\"name\": \"mine\", \"patterns\": {\"up\": \"c > o\"}}");
        assertThat(d.description()).isEmpty();
        assertThat(d.params()).isEmpty();
        assertThat(d.lookbackDays()).isEqualTo(400);
        assertThat(d.referenceRounding()).isFalse();
        assertThat(d.premarket()).isFalse();
        assertThat(d.patterns()).containsExactly("up");
        assertThat(d.columns()).isEmpty();
        assertThat(d.kernel(Map.of()).columns()).containsExactly(OutputColumn.flag("up"));
        assertThat(d).hasToString("ScannerDefinition[mine]");
    }
}
