package io.lcscanner.core.engine;

/** The operations of a compiled expression graph. */
enum Op {
    /** A per-bar input; {@code n} is its index in {@link Language#INPUTS}. */
    INPUT(Shape.LEAF),
    CONST(Shape.LEAF),
    NEG(Shape.UNARY), ABS(Shape.UNARY), NOT(Shape.UNARY),
    /** Round to 2 decimals: a numeric feature's value as signals, gate, patterns and columns see it. */
    ROUND(Shape.UNARY),
    ADD(Shape.BINARY), SUB(Shape.BINARY), MUL(Shape.BINARY), DIV(Shape.BINARY),
    LT(Shape.BINARY), LE(Shape.BINARY), GT(Shape.BINARY), GE(Shape.BINARY), EQ(Shape.BINARY), NE(Shape.BINARY),
    /** Element-wise max/min ignoring a missing operand. */
    MAX(Shape.BINARY), MIN(Shape.BINARY),
    /** Two or more boolean operands. */
    AND(Shape.NARY), OR(Shape.NARY),
    /** (condition, then, else). */
    IF(Shape.NARY),
    /** (x, t1, v1, t2, v2, …, default); a tier is a STEPS whose values are label indices. */
    STEPS(Shape.NARY),
    /**
     * An operation over a series, not bar by bar: the node's {@link Functions.Function} (shift, sma, …)
     * gives its loop, {@code n} its shift or window.
     */
    SERIES(Shape.SERIES);

    enum Shape { LEAF, UNARY, BINARY, NARY, SERIES }

    final Shape shape;

    Op(Shape shape) {
        this.shape = shape;
    }

    /** Its value at a bar depends only on its operands at that bar. */
    boolean pointwise() {
        return shape == Shape.UNARY || shape == Shape.BINARY || shape == Shape.NARY;
    }

    boolean commutative() {
        return this == ADD || this == MUL || this == EQ || this == NE || this == MAX || this == MIN;
    }

    /** {@code a op b} ≡ {@code b flipped() a}, for comparisons. */
    Op flipped() {
        return switch (this) {
            case LT -> GT;
            case LE -> GE;
            case GT -> LT;
            case GE -> LE;
            default -> this;
        };
    }

    boolean comparison() {
        return this == LT || this == LE || this == GT || this == GE || this == EQ || this == NE;
    }
}
