package io.lcscanner.core.engine;

/** Test access to the engine's package-private evaluators from other packages' tests. */
public final class EngineAccess {
    private EngineAccess() {
    }

    /** The evaluator that computes everything and never skips (see {@link CompiledKernel#newEagerEvaluator}). */
    public static ScanKernel.Evaluator eagerEvaluator(ScanKernel kernel) {
        return ((CompiledKernel) kernel).newEagerEvaluator();
    }
}
