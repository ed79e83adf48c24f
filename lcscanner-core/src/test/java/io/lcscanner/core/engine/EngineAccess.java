package io.lcscanner.core.engine;

/** Test access to the engine's package-private evaluators from other packages' tests. */
public final class EngineAccess {
    private EngineAccess() {
    }

    /** The rule language's function names, in the function table's order. */
    public static java.util.List<String> functionNames() {
        return Functions.names();
    }

    /** The functions of one number and a window, {@code f(x, n)}: the series operations a fuzzer nests. */
    public static java.util.List<String> windowFunctions() {
        return Functions.TABLE.stream()
                .filter(f -> f.isSeries() && f.args().equals(java.util.List.of(Functions.Arg.NUMBER, Functions.Arg.WINDOW)))
                .map(Functions.Function::name).toList();
    }

    /** Whether argument {@code i} of function {@code name} is a window or a shift (false for an unknown name). */
    public static boolean isWindowArgument(String name, int i) {
        Functions.Function f = Functions.get(name);
        return f != null && f.windowArg() == i;
    }

    /** How many arguments function {@code name} takes if it has a fixed count, else −1. */
    public static int fixedArity(String name) {
        Functions.Function f = Functions.get(name);
        return f != null && f.form() == Functions.Form.FIXED ? f.args().size() : -1;
    }

    /** The evaluator that computes everything and never skips (see {@link CompiledKernel#newEagerEvaluator}). */
    public static ScanKernel.Evaluator eagerEvaluator(ScanKernel kernel) {
        return ((CompiledKernel) kernel).newEagerEvaluator();
    }
}
