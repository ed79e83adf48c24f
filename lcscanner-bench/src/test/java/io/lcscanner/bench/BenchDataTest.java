package io.lcscanner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.InMemoryBarSource;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchDataTest {

    @Test
    void rangesEndOnTheLastSessionAndHoldTheAskedSessions() {
        assertThat(NyseCalendar.isSession(BenchData.LAST)).isTrue();
        assertThat(NyseCalendar.sessions(BenchData.firstOf(750), BenchData.LAST)).hasSize(750);
        assertThat(NyseCalendar.sessions(BenchData.firstOf(1), BenchData.LAST)).containsExactly(BenchData.LAST);
        assertThatThrownBy(() -> BenchData.firstOf(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fullRangeRequestLoadsFromTheFirstSession() {
        ScanRequest r = BenchData.fullRangeRequest(750);
        assertThat(r.loadFrom()).isEqualTo(BenchData.firstOf(750));
        assertThat(r.to()).isEqualTo(BenchData.LAST);
        assertThat(r.referenceRounding()).isTrue();
        assertThat(r.intraday()).isFalse();
        assertThatThrownBy(() -> BenchData.fullRangeRequest(200)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void seriesOfLengthAreFullAndDistinct() {
        List<BarSeries> s = BenchData.seriesOfLength(5, 300);
        assertThat(s).hasSize(5).allSatisfy(x -> assertThat(x.size()).isEqualTo(300));
        assertThat(s.stream().map(BarSeries::ticker).distinct()).hasSize(5);
    }

    @Test
    void inMemorySourceSharesEqualColumnsAndServesWindows() {
        InMemoryBarSource u = BenchData.universe(50, 300);
        assertThat(u.series()).hasSize(50);
        long shared = u.series().stream().filter(x -> x.close() == x.closeUa() && x.volume() == x.volumeUa()).count();
        assertThat(shared).as("tickers without splits keep one copy of their columns").isPositive();
        for (BarSeries x : u.series()) {
            if (x.close() != x.closeUa()) {
                assertThat(x.closeUa()).isNotEqualTo(x.close());
            }
        }

        BarSeries first = u.series().get(0);
        LocalDate from = first.date(first.size() - 10), to = first.date(first.size() - 1);
        BarSource.Window w = u.open(from, to, t -> t.equals(first.ticker()), BarSource.LoadListener.NONE);
        assertThat(w.tickerCount()).isEqualTo(1);
        assertThat(w.ticker(0)).isEqualTo(first.ticker());
        assertThat(w.series(0).size()).isEqualTo(10);
        assertThat(u.universe().tickers()).hasSize(50).isSorted();
        assertThat(u.universe().lastSession()).isEqualTo(BenchData.LAST);
        assertThat(u.bars()).isEqualTo(u.series().stream().mapToLong(BarSeries::size).sum());
    }
}
