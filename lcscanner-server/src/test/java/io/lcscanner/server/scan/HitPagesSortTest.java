package io.lcscanner.server.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The page order: stable, missing (NaN) last both ways, -0.0 equal to 0.0 as the numbers they print are. */
class HitPagesSortTest {
    @Test
    void tiesKeepTheStoredOrderAndMissingValuesComeLast() {
        double[] key = {0.0, -0.0, Double.NaN, 1.5, -0.0, Double.NaN, -2};
        int[] desc = IntStream.range(0, key.length).toArray();
        HitPages.sort(desc, key, true);
        assertThat(desc).containsExactly(3, 0, 1, 4, 6, 2, 5);
        int[] asc = IntStream.range(0, key.length).toArray();
        HitPages.sort(asc, key, false);
        assertThat(asc).containsExactly(6, 0, 1, 4, 3, 2, 5);
    }

    @Test
    void aLargeShuffledSortAgreesWithAStableReferenceSort() {
        Random random = new Random(11);
        double[] key = new double[100_003];
        for (int i = 0; i < key.length; i++) {
            key[i] = random.nextInt(10) == 0 ? Double.NaN : random.nextInt(500) / 4.0; // many ties
        }
        for (boolean descending : new boolean[] {true, false}) {
            int[] rows = IntStream.range(0, key.length).filter(i -> i % 3 != 1).toArray(); // a filtered subset
            List<Integer> expected = new ArrayList<>();
            for (int r : rows) {
                expected.add(r);
            }
            Comparator<Integer> byKey = Comparator.comparingDouble(r -> key[r]);
            Comparator<Integer> present = descending ? byKey.reversed() : byKey;
            expected.sort(Comparator.<Integer, Boolean>comparing(r -> Double.isNaN(key[r])).thenComparing(
                    (a, b) -> Double.isNaN(key[a]) ? 0 : present.compare(a, b))); // List.sort is stable
            HitPages.sort(rows, key, descending);
            assertThat(rows).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
