package io.lcscanner.core.engine;

import java.util.ArrayList;
import java.util.List;

/** The problems found in a document, in the order found; every stage adds what it can and goes on. */
final class Problems {
    /** {@code position}: 1-based character in the key's expression, 0 when not inside an expression. */
    record Problem(String key, int position, String message) {
    }

    private final List<Problem> list = new ArrayList<>();

    void add(String key, int position, String message) {
        list.add(new Problem(key, position, message));
    }

    boolean any() {
        return !list.isEmpty();
    }

    void sendTo(ScannerDocument.ProblemSink sink) {
        for (Problem p : list) {
            sink.problem(p.key(), p.position(), p.message());
        }
    }
}
