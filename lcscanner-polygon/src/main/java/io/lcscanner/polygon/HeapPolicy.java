package io.lcscanner.polygon;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Keeps G1's heap near its live data, so that a process holding a {@link ColumnStore} does not reserve half as much
 * again for garbage. G1 resizes the heap at the end of each marking cycle so that at least {@code MinHeapFreeRatio}
 * (40% by default) of it is free: with the 750 MB store of a 12,000-ticker window live, that made the heap 1.25 GB, and
 * 1.85 GB when a scan's series copies were live too; the young generation then spreads over all of it, and RSS follows.
 * The flag is manageable, so a program can lower it at run time where {@code java -jar} gives no options. G1 still
 * grows the heap when collections take too long ({@code GCTimeRatio}), so a smaller floor does not make it thrash.
 */
final class HeapPolicy {
    /**
     * The free share G1 keeps after marking. 10% left the young generation so small (~80 MB beside the store) that a
     * burst of allocation (a scan copying its series out) made G1 grow the heap for slow collections instead, to more
     * than the default's peak; 20% (~190 MB) did not, in the runs measured.
     */
    static final int MIN_HEAP_FREE_PERCENT = 20;
    private static final String FLAG = "MinHeapFreeRatio";

    private HeapPolicy() {
    }

    /**
     * Lowers {@code MinHeapFreeRatio} to {@value #MIN_HEAP_FREE_PERCENT} under G1, unless the flag was given on the
     * command line (the user's choice wins) or is already that low; true if it changed it.
     */
    static boolean keepHeapNearLiveData() {
        if (!usesG1()) {
            return false; // the parallel and serial collectors size their heaps by other rules
        }
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotspot == null) {
                return false;
            }
            VMOption option = hotspot.getVMOption(FLAG);
            boolean chosen = option.getOrigin() != VMOption.Origin.DEFAULT && option.getOrigin() != VMOption.Origin.ERGONOMIC
                    && option.getOrigin() != VMOption.Origin.MANAGEMENT;
            if (chosen || Integer.parseInt(option.getValue()) <= MIN_HEAP_FREE_PERCENT) {
                return false;
            }
            hotspot.setVMOption(FLAG, Integer.toString(MIN_HEAP_FREE_PERCENT));
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false; // a runtime without jdk.management, or a VM that refuses: the default sizing stays
        }
    }

    private static boolean usesG1() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().startsWith("G1 ")) {
                return true;
            }
        }
        return false;
    }
}
