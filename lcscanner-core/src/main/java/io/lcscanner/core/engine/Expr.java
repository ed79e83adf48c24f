package io.lcscanner.core.engine;

import java.util.List;

/**
 * An expression of the rule language as written (scanner-rules.md §3). Every node keeps the 1-based
 * character position where it starts (for an operator node, the operator's), so a problem found later
 * can point at it. Chains of one operator ({@code a + b - c}, {@code a and b and c}) are one node with
 * many operands: the tree stays as shallow as the text's nesting, whatever the length of a chain.
 */
sealed interface Expr {
    int pos();

    record Num(int pos, double value) implements Expr {
    }

    /** {@code true}, {@code false} or {@code missing}. */
    record Lit(int pos, Kind kind) implements Expr {
        enum Kind { TRUE, FALSE, MISSING }
    }

    /** A name: an input, a feature, a signal or a column. */
    record Ref(int pos, String name) implements Expr {
    }

    /** {@code $name}. */
    record Param(int pos, String name) implements Expr {
    }

    /** A quoted label; only valid as a label of {@code tier(...)}. */
    record Str(int pos, String text) implements Expr {
    }

    record Neg(int pos, Expr x) implements Expr {
    }

    record Not(int pos, Expr x) implements Expr {
    }

    /**
     * {@code operands[0] ops[0] operands[1] ops[1] …}, all of one precedence level, evaluated left to
     * right; {@code opPos[i]} is where {@code ops[i]} is written.
     */
    record Chain(int pos, Kind kind, List<Expr> operands, char[] ops, int[] opPos) implements Expr {
        enum Kind {
            OR("or"), AND("and"), SUM("+"), PRODUCT("*");
            final String word;

            Kind(String word) {
                this.word = word;
            }
        }
    }

    /** {@code a op b}; {@code pos} is the operator's position. */
    record Compare(int pos, String op, Expr a, Expr b) implements Expr {
    }

    record Call(int pos, String name, List<Expr> args) implements Expr {
    }
}
