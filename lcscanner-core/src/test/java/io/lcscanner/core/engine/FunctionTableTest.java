package io.lcscanner.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The function table, scanner-rules.md §3's table of functions and the examples' README name the same functions. */
class FunctionTableTest {
    private static final Pattern CALL = Pattern.compile("`([a-z_]+)(\\([^`]*\\))`");

    @Test
    void theSpecsTableListsEveryFunctionWithItsSignature() throws IOException {
        String spec = Files.readString(Golden.root().resolve("docs/spec/scanner-rules.md"));
        String section = spec.substring(spec.indexOf("## 3. Expressions"), spec.indexOf("## 4."));
        List<String> names = new ArrayList<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String first = line.substring(2, line.indexOf(" |", 2));
            Matcher m = CALL.matcher(first);
            while (m.find()) {
                names.add(m.group(1));
                Functions.Function f = Functions.get(m.group(1));
                assertThat(f).as("a row of the function table for %s", m.group(1)).isNotNull();
                if (f.form() == Functions.Form.FIXED) {
                    assertThat(m.group(2)).as("the signature of %s", f.name()).isEqualTo(f.signature());
                }
            }
        }
        assertThat(names).containsExactlyElementsOf(Functions.names());
    }

    @Test
    void theExamplesReadmeNamesEveryFunction() throws IOException {
        String readme = Files.readString(Golden.root().resolve("examples/scanners/README.md"));
        String paragraph = readme.substring(readme.indexOf("Functions: "), readme.indexOf("Operators: "));
        List<String> names = new ArrayList<>();
        Matcher m = CALL.matcher(paragraph);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).containsExactlyElementsOf(Functions.names());
    }

    @Test
    void everySeriesOperationHasAReachAndACostAndEveryOtherFunctionABuild() {
        for (Functions.Function f : Functions.TABLE) {
            if (f.isSeries()) {
                assertThat(f.reach()).as(f.name()).isNotNull();
                assertThat(f.cost()).as(f.name()).isNotNull();
            } else if (f.form() != Functions.Form.TIER) {
                assertThat(f.build()).as(f.name()).isNotNull();
            }
        }
    }

    @Test
    void aValueAtOneBarIsTheLoopsValueThereBitForBit() {
        // the evaluator computes a window column at a few bars through `at` and over a range through `loop`: the
        // same values either way (random walks with missing bars, zeros of both signs, conditions' 0/1); a running
        // mean is asked there only where its operand is whole and small from the first bar (volumes)
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        List<String> checked = new ArrayList<>();
        for (Functions.Function f : Functions.TABLE) {
            if (f.at() == null) {
                continue;
            }
            boolean running = f.fromFirstBar();
            for (int round = 0; round < 200; round++) {
                int size = 1 + r.nextInt(200), n = (f.name().equals("shift") ? 0 : 1) + r.nextInt(30);
                double head = round % 2 == 0 ? Double.NaN : 0;
                double[] x = new double[size];
                double price = 30;
                for (int i = 0; i < size; i++) {
                    price *= 1 + (r.nextDouble() - 0.5) * 0.1;
                    double value = running ? Math.rint(price * 1e5) : price;
                    x[i] = switch (round % 4) {
                        case 0 -> value;
                        case 1 -> r.nextInt(8) == 0 ? Double.NaN : value;
                        case 2 -> r.nextInt(3) == 0 ? (r.nextBoolean() || running ? 0.0 : -0.0) : r.nextInt(3) - 1;
                        default -> r.nextBoolean() ? 1 : 0;
                    };
                }
                assertThat(!running || Ops.exactlySummable(x, 0, size)).isTrue();
                double[] whole = new double[size];
                f.loop().run(x, n, head, whole, 0, size, new double[size], new double[size]);
                for (int i = 0; i < size; i++) {
                    assertThat(Double.doubleToRawLongBits(f.at().at(x, n, head, i)))
                            .as("%s(x, %d) at bar %d of %d", f.name(), n, i, size)
                            .isEqualTo(Double.doubleToRawLongBits(whole[i]));
                    if (f.readsOneBar()) {
                        // the evaluator then computes the operand at bar i − n alone: every other bar may be anything
                        double[] oneBar = new double[size];
                        java.util.Arrays.fill(oneBar, 1e300);
                        if (i >= n) {
                            oneBar[i - n] = x[i - n];
                        }
                        assertThat(Double.doubleToRawLongBits(f.at().at(oneBar, n, head, i)))
                                .as("%s(x, %d) at bar %d from bar %d alone", f.name(), n, i, i - n)
                                .isEqualTo(Double.doubleToRawLongBits(whole[i]));
                    }
                }
            }
            checked.add(f.name());
        }
        assertThat(checked).containsExactly("shift", "sma", "highest", "lowest");
        assertThat(Functions.TABLE.stream().filter(Functions.Function::readsOneBar).map(Functions.Function::name))
                .containsExactly("shift");
    }
}
