package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class HitFormatTest {

    @Test
    void numbersPrintLikePythonRepr() {
        assertThat(HitFormat.number(77.0)).isEqualTo("77.0");
        assertThat(HitFormat.number(615635911.0)).isEqualTo("615635911.0");
        assertThat(HitFormat.number(638272843447.47)).isEqualTo("638272843447.47");
        assertThat(HitFormat.number(7619829659.040001)).isEqualTo("7619829659.040001");
        assertThat(HitFormat.number(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(HitFormat.number(0.0001)).isEqualTo("0.0001");
        assertThat(HitFormat.number(0.00001)).isEqualTo("1e-05");
        assertThat(HitFormat.number(-2.5e-7)).isEqualTo("-2.5e-07");
        assertThat(HitFormat.number(1e16)).isEqualTo("1e+16");
        assertThat(HitFormat.number(1.5e300)).isEqualTo("1.5e+300");
        assertThat(HitFormat.number(-0.0)).isEqualTo("-0.0");
        assertThat(HitFormat.number(2e-3)).isEqualTo("0.002");
    }

    @Test
    void csvAndJsonFollowSpecOrderAndPrintMissingAsEmptyOrNull() {
        Hit hit = new Hit("ZU", LocalDate.of(2024, 10, 17), true, false, true, 90.5, "A+", 0.08, 22170122.0,
                2074901717.98, 83.25, 104.64, 81.62, 93.59, 93.59, 65.37, 57.59, 54.17, 52.83, 5.94, 3.6, 6.61, 7.92,
                Double.NaN, null);
        StringBuilder csv = new StringBuilder();
        HitFormat.writeCsv(List.of(hit), false, csv);
        assertThat(csv.toString()).isEqualTo(String.join(",", HitFormat.COLUMNS) + "\n"
                + "ZU,2024-10-17,1,0,1,90.5,A+,0.08,22170122.0,2074901717.98,83.25,104.64,81.62,93.59,93.59,"
                + "65.37,57.59,54.17,52.83,5.94,3.6,6.61,7.92,\n");

        StringBuilder json = new StringBuilder();
        HitFormat.writeJson(List.of(hit.withPremarket(new Hit.Premarket(1.25e7, true, 105.5, 104.0, Double.NaN))), true, json);
        assertThat(json.toString())
                .startsWith("[\n  {\"ticker\": \"ZU\", \"date\": \"2024-10-17\", \"lc_frontside_d3_extended_1\": 1,")
                .contains("\"close_range\": null, \"avg_5d_pm_dol_vol\": 12500000.0, \"valid_pm_liq\": 1, "
                        + "\"pmh_next_day\": 105.5, \"open_next_day\": 104.0, \"pm_dol_vol_next_day\": null}")
                .endsWith("}\n]\n");
    }
}
