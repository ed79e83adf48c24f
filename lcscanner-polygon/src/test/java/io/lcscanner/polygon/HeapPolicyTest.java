package io.lcscanner.polygon;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each case runs in a fresh JVM, as a program meets the policy: the flags it starts with decide, and the heap G1
 * leaves after a collection with {@value #LIVE_MB} MB live shows the rule at work (G1 sizes the heap after a full
 * collection so that at least {@code MinHeapFreeRatio} of it is free: live / 0.6 by default, live / 0.8 with 20%).
 */
class HeapPolicyTest {
    private static final long LIVE_MB = 400;

    @Test
    void underG1TheHeapAfterACollectionStaysWithinThreeEighthsOfTheLiveData() throws Exception {
        Child c = run();
        assertThat(c.changed).isTrue();
        assertThat(c.flagAfter).isEqualTo("20");
        assertThat(c.committedMb).isBetween(LIVE_MB, LIVE_MB * 11 / 8); // 400 / 0.8 = 500 MB, against 667 MB
    }

    @Test
    void aMinHeapFreeRatioGivenOnTheCommandLineIsKept() throws Exception {
        Child c = run("-XX:MinHeapFreeRatio=40");
        assertThat(c.changed).isFalse();
        assertThat(c.flagAfter).isEqualTo("40");
        assertThat(c.committedMb).isGreaterThanOrEqualTo(LIVE_MB * 10 / 6); // G1's own rule: 400 / 0.6 = 667 MB
    }

    @Test
    void anotherCollectorIsLeftAlone() throws Exception {
        Child c = run("-XX:+UseParallelGC");
        assertThat(c.changed).isFalse();
        assertThat(c.flagAfter).isEqualTo(c.flagBefore);
    }

    private record Child(boolean changed, String flagBefore, String flagAfter, long committedMb) {
    }

    private static Child run(String... jvmOptions) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a small floor, and no growth for slow collections (GCTimeRatio 1: half the time may be GC), so that the
        // heap's size after the collection is the rule's alone
        cmd.addAll(List.of("-Xms16m", "-XX:GCTimeRatio=1"));
        cmd.add("-Xmx2g");
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), HeapPolicyTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String[] f = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        return new Child(Boolean.parseBoolean(f[0]), f[1], f[2], Long.parseLong(f[3]));
    }

    /** The child: applies the policy, keeps {@value #LIVE_MB} MB live through a full collection, prints what it saw. */
    public static void main(String[] args) {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String before = hotspot.getVMOption("MinHeapFreeRatio").getValue();
        boolean changed = HeapPolicy.keepHeapNearLiveData();
        String after = hotspot.getVMOption("MinHeapFreeRatio").getValue();
        double[][] live = new double[(int) (LIVE_MB / 4)][];
        for (int i = 0; i < live.length; i++) {
            live[i] = new double[(4 << 20) / 8 - 2]; // 4 MB each, like the store's blocks
        }
        System.gc();
        long committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20;
        System.out.println(changed + " " + before + " " + after + " " + committed + " " + live.length);
    }
}
