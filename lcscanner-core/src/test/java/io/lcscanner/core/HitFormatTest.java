package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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

    private static final HitSchema LC = HitSchema.of("lc", ScannerDefinition.lc().kernel(java.util.Map.of()).columns());

    /** An LC hit as the kernel reports it: flags, score, tier index, then the reported values. */
    private static Hit zu(String ticker) {
        return new Hit(LC, ticker, (int) LocalDate.of(2024, 10, 17).toEpochDay(), new double[] {
                1, 0, 1, 90.5, 0 /* A+, the first tier label */, 0.08, 22170122.0, 2074901717.98, 83.25, 104.64, 81.62,
                93.59, 93.59, 65.37, 57.59, 54.17, 52.83, 5.94, 3.6, 6.61, 7.92, Double.NaN});
    }

    @Test
    void csvAndJsonFollowSpecOrderAndPrintMissingAsEmptyOrNull() {
        StringBuilder csv = new StringBuilder();
        HitFormat.writeCsv(LC, List.of(zu("ZU")), csv);
        assertThat(csv.toString()).isEqualTo("ticker,date,lc_frontside_d3_extended_1,lc_frontside_d2_extended,"
                + "lc_frontside_d2_extended_1,parabolic_score,parabolic_tier,gap_pct,volume,dollar_volume,open_price,"
                + "high_price,low_price,close_price,close_ua,ema9,ema20,ema50,ema200,atr,high_chg_atr,dist_h_9ema_atr,"
                + "dist_h_20ema_atr,close_range\n"
                + "ZU,2024-10-17,1,0,1,90.5,A+,0.08,22170122.0,2074901717.98,83.25,104.64,81.62,93.59,93.59,"
                + "65.37,57.59,54.17,52.83,5.94,3.6,6.61,7.92,\n");

        HitSchema withPremarket = LC.plus(HitSchema.PREMARKET);
        Hit enriched = zu("ZU").plus(withPremarket, new double[] {1.25e7, 1, 105.5, 104.0, Double.NaN});
        StringBuilder json = new StringBuilder();
        HitFormat.writeJson(withPremarket, List.of(enriched), json);
        assertThat(json.toString())
                .startsWith("[\n  {\"ticker\": \"ZU\", \"date\": \"2024-10-17\", \"lc_frontside_d3_extended_1\": 1,")
                .contains("\"parabolic_score\": 90.5, \"parabolic_tier\": \"A+\",")
                .contains("\"close_range\": null, \"avg_5d_pm_dol_vol\": 12500000.0, \"valid_pm_liq\": 1, "
                        + "\"pmh_next_day\": 105.5, \"open_next_day\": 104.0, \"pm_dol_vol_next_day\": null}")
                .endsWith("}\n]\n");

        StringBuilder none = new StringBuilder();
        HitFormat.writeJson(LC, List.of(), none);
        assertThat(none.toString()).isEqualTo("[]\n");
    }

    /** OWASP's CSV injection advice: a text cell a spreadsheet would run as a formula gets a leading quote. */
    @Test
    void textCellsThatWouldRunAsFormulasAreNeutralisedAndNumbersStayNumbers() {
        String[][] cases = {
                {"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
                {"+1", "'+1"}, {"-A", "'-A"}, {"@SUM(A1)", "'@SUM(A1)"}, {"\tX", "'\tX"}, {"\rX", "\"'\rX\""},
                {"=1,2", "\"'=1,2\""}, {"BRK.B", "BRK.B"}, {"A-B", "A-B"}};
        for (String[] c : cases) {
            StringBuilder csv = new StringBuilder();
            HitFormat.writeCsv(LC, List.of(zu(c[0])), csv);
            String row = csv.substring(csv.indexOf("\n") + 1);
            assertThat(row).as(c[0]).startsWith(c[1] + ",2024-10-17,");
        }
        // a negative number in a number column is a number, not text
        Hit falling = new Hit(LC, "ZU", (int) LocalDate.of(2024, 10, 17).toEpochDay(), new double[] {
                1, 0, 1, 90.5, 0, -0.08, 22170122.0, 2074901717.98, 83.25, 104.64, 81.62,
                93.59, 93.59, 65.37, 57.59, 54.17, 52.83, 5.94, -3.6, 6.61, 7.92, Double.NaN});
        StringBuilder csv = new StringBuilder();
        HitFormat.writeCsv(LC, List.of(falling), csv);
        assertThat(csv.substring(csv.indexOf("\n") + 1)).isEqualTo("ZU,2024-10-17,1,0,1,90.5,A+,-0.08,22170122.0,"
                + "2074901717.98,83.25,104.64,81.62,93.59,93.59,65.37,57.59,54.17,52.83,5.94,-3.6,6.61,7.92,\n");
        // JSON is data, not a spreadsheet: the ticker as it is
        StringBuilder json = new StringBuilder();
        HitFormat.writeJson(LC, List.of(zu("=1+1")), json);
        assertThat(json.toString()).contains("\"ticker\": \"=1+1\"");
    }

    @Test
    void tickersWithControlCharactersQuotesOrCommasStayValidJsonAndCsv() throws Exception {
        String odd = "A\tB\"C\\D\u0001,E";
        StringBuilder json = new StringBuilder();
        HitFormat.writeJson(LC, List.of(zu(odd), zu("ZU")), json);
        try (JsonParser p = new JsonFactory().createParser(json.toString())) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(p.nextFieldName()).isEqualTo("ticker");
            assertThat(p.nextTextValue()).isEqualTo(odd);
            while (p.nextToken() != null) {
                // the rest of the document must parse too
            }
        }
        StringBuilder csv = new StringBuilder();
        HitFormat.writeCsv(LC, List.of(zu(odd)), csv);
        assertThat(csv.toString().lines().skip(1).findFirst().orElseThrow())
                .startsWith("\"A\tB\"\"C\\D\u0001,E\",2024-10-17,");
    }

    @Test
    void aHitReadsByColumnName() {
        Hit hit = zu("ZU");
        assertThat(hit.flag("lc_frontside_d3_extended_1")).isTrue();
        assertThat(hit.flag("lc_frontside_d2_extended")).isFalse();
        assertThat(hit.patterns()).containsExactly("lc_frontside_d3_extended_1", "lc_frontside_d2_extended_1");
        assertThat(hit.value("parabolic_score")).isEqualTo(90.5);
        assertThat(hit.text("parabolic_tier")).isEqualTo("A+");
        assertThat(hit.get("close_range")).isNull();
        assertThat(hit.value("close_range")).isNaN();
        assertThat(hit.get("date")).isEqualTo("2024-10-17");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hit.value("score"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no column named \"score\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hit.value("parabolic_tier"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a number");
    }
}
