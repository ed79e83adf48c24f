package io.lcscanner.core.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses one expression of scanner-rules.md §3 into an {@link Expr}. A recursive descent over the
 * grammar, loosest binding first; chains of one precedence level are loops, so only parentheses, calls
 * and prefix operators nest, and nesting deeper than {@value #MAX_DEPTH} levels is refused before it can
 * exhaust a stack. The first syntax error ends the parse ({@link SyntaxError} with its position).
 */
final class ExpressionParser {
    static final int MAX_DEPTH = 64;
    static final int MAX_LENGTH = 4096;

    /** A syntax error at a 1-based character position. */
    static final class SyntaxError extends Exception {
        final int position;

        SyntaxError(int position, String message) {
            super(message, null, false, false);
            this.position = position;
        }
    }

    private enum T { NUMBER, NAME, PARAM, STRING, LPAREN, RPAREN, COMMA, PLUS, MINUS, STAR, SLASH, CMP, END }

    private record Token(T type, int pos, String text, double value) {
    }

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int next;
    private int depth;

    private ExpressionParser(String src) {
        this.src = src;
    }

    static Expr parse(String text) throws SyntaxError {
        ExpressionParser p = new ExpressionParser(text);
        p.tokenize();
        Token first = p.peek();
        if (first.type == T.END) {
            throw new SyntaxError(1, "empty expression");
        }
        Expr e = p.or();
        Token t = p.peek();
        if (t.type != T.END) {
            throw new SyntaxError(t.pos, "unexpected " + describe(t) + " after a complete expression");
        }
        return e;
    }

    // ---- lexer -------------------------------------------------------------------------------

    private void tokenize() throws SyntaxError {
        int i = 0, n = src.length();
        while (i < n) {
            char ch = src.charAt(i);
            int pos = i + 1;
            if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
                i++;
            } else if (isDigit(ch)) {
                i = number(i);
            } else if (isNameStart(ch)) {
                int j = nameEnd(i);
                tokens.add(new Token(T.NAME, pos, src.substring(i, j), 0));
                i = j;
            } else if (ch == '$') {
                if (i + 1 >= n || !isNameStart(src.charAt(i + 1))) {
                    throw new SyntaxError(pos, "expected a param name right after '$'");
                }
                int j = nameEnd(i + 1);
                tokens.add(new Token(T.PARAM, pos, src.substring(i + 1, j), 0));
                i = j;
            } else if (ch == '"' || ch == '\'') {
                int j = src.indexOf(ch, i + 1);
                if (j < 0) {
                    throw new SyntaxError(pos, "unterminated string: no closing " + ch);
                }
                tokens.add(new Token(T.STRING, pos, src.substring(i + 1, j), 0));
                i = j + 1;
            } else {
                i = symbol(i, ch, pos);
            }
        }
        tokens.add(new Token(T.END, n + 1, "", 0));
    }

    private int symbol(int i, char ch, int pos) throws SyntaxError {
        char nextCh = i + 1 < src.length() ? src.charAt(i + 1) : 0;
        switch (ch) {
            case '(' -> tokens.add(new Token(T.LPAREN, pos, "(", 0));
            case ')' -> tokens.add(new Token(T.RPAREN, pos, ")", 0));
            case ',' -> tokens.add(new Token(T.COMMA, pos, ",", 0));
            case '+' -> tokens.add(new Token(T.PLUS, pos, "+", 0));
            case '-' -> tokens.add(new Token(T.MINUS, pos, "-", 0));
            case '*' -> tokens.add(new Token(T.STAR, pos, "*", 0));
            case '/' -> tokens.add(new Token(T.SLASH, pos, "/", 0));
            case '<', '>' -> {
                if (nextCh == '=') {
                    tokens.add(new Token(T.CMP, pos, ch + "=", 0));
                    return i + 2;
                }
                tokens.add(new Token(T.CMP, pos, String.valueOf(ch), 0));
            }
            case '=' -> {
                if (nextCh != '=') {
                    throw new SyntaxError(pos, "unexpected '=' (compare with '==')");
                }
                tokens.add(new Token(T.CMP, pos, "==", 0));
                return i + 2;
            }
            case '!' -> {
                if (nextCh != '=') {
                    throw new SyntaxError(pos, "unexpected '!' (negate with 'not', compare with '!=')");
                }
                tokens.add(new Token(T.CMP, pos, "!=", 0));
                return i + 2;
            }
            default -> throw new SyntaxError(pos, "unexpected character " + quoteChar(ch) + Suggestions.operator(ch));
        }
        return i + 1;
    }

    /** decimal digits, an optional fraction, an optional exponent: 5, 0.5, 1e6, 2.5e-3. */
    private int number(int start) throws SyntaxError {
        int i = start, n = src.length();
        while (i < n && isDigit(src.charAt(i))) {
            i++;
        }
        if (i < n && src.charAt(i) == '.') {
            i++;
            if (i >= n || !isDigit(src.charAt(i))) {
                throw new SyntaxError(start + 1, "malformed number: expected digits after '.'");
            }
            while (i < n && isDigit(src.charAt(i))) {
                i++;
            }
        }
        if (i < n && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
            int e = i + 1;
            if (e < n && (src.charAt(e) == '+' || src.charAt(e) == '-')) {
                e++;
            }
            if (e >= n || !isDigit(src.charAt(e))) {
                throw new SyntaxError(start + 1, "malformed number: expected digits in the exponent");
            }
            i = e;
            while (i < n && isDigit(src.charAt(i))) {
                i++;
            }
        }
        if (i < n && (isNameStart(src.charAt(i)) || src.charAt(i) == '.')) {
            throw new SyntaxError(i + 1, "unexpected " + quoteChar(src.charAt(i)) + " right after a number");
        }
        String text = src.substring(start, i);
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new SyntaxError(start + 1, "number out of range: " + text);
        }
        tokens.add(new Token(T.NUMBER, start + 1, text, value));
        return i;
    }

    private int nameEnd(int i) {
        int j = i + 1;
        while (j < src.length() && isNamePart(src.charAt(j))) {
            j++;
        }
        return j;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || isDigit(c);
    }

    static String quoteChar(char c) {
        return c >= 0x20 && c < 0x7f || Character.isLetterOrDigit(c) ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    // ---- parser ------------------------------------------------------------------------------

    private Token peek() {
        return tokens.get(next);
    }

    private boolean atWord(String word) {
        Token t = peek();
        return t.type == T.NAME && t.text.equals(word);
    }

    private void enter(int pos) throws SyntaxError {
        if (++depth > MAX_DEPTH) {
            throw new SyntaxError(pos, "expression nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private Expr or() throws SyntaxError {
        return chain(Expr.Chain.Kind.OR);
    }

    /** {@code or} and {@code and}: operands separated by the keyword. */
    private Expr chain(Expr.Chain.Kind kind) throws SyntaxError {
        Expr first = kind == Expr.Chain.Kind.OR ? chain(Expr.Chain.Kind.AND) : not();
        if (!atWord(kind.word)) {
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        operands.add(first);
        while (atWord(kind.word)) {
            positions.add(tokens.get(next++).pos);
            operands.add(kind == Expr.Chain.Kind.OR ? chain(Expr.Chain.Kind.AND) : not());
        }
        char[] ops = new char[positions.size()];
        java.util.Arrays.fill(ops, kind.word.charAt(0));
        return new Expr.Chain(first.pos(), kind, List.copyOf(operands), ops, toArray(positions));
    }

    private Expr not() throws SyntaxError {
        if (atWord("not")) {
            Token t = tokens.get(next++);
            enter(t.pos);
            Expr x = not();
            depth--;
            return new Expr.Not(t.pos, x);
        }
        return comparison();
    }

    private Expr comparison() throws SyntaxError {
        Expr a = sum();
        Token t = peek();
        if (t.type != T.CMP) {
            return a;
        }
        next++;
        Expr b = sum();
        Token after = peek();
        if (after.type == T.CMP) {
            throw new SyntaxError(after.pos, "comparisons cannot be chained: join them with 'and'");
        }
        return new Expr.Compare(t.pos, t.text, a, b);
    }

    private Expr sum() throws SyntaxError {
        return arithmetic(Expr.Chain.Kind.SUM, T.PLUS, T.MINUS);
    }

    private Expr arithmetic(Expr.Chain.Kind kind, T plus, T minus) throws SyntaxError {
        Expr first = kind == Expr.Chain.Kind.SUM ? arithmetic(Expr.Chain.Kind.PRODUCT, T.STAR, T.SLASH) : unary();
        if (peek().type != plus && peek().type != minus) {
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        StringBuilder ops = new StringBuilder();
        List<Integer> positions = new ArrayList<>();
        operands.add(first);
        while (peek().type == plus || peek().type == minus) {
            Token op = tokens.get(next++);
            ops.append(op.text.charAt(0));
            positions.add(op.pos);
            operands.add(kind == Expr.Chain.Kind.SUM ? arithmetic(Expr.Chain.Kind.PRODUCT, T.STAR, T.SLASH) : unary());
        }
        return new Expr.Chain(first.pos(), kind, List.copyOf(operands), ops.toString().toCharArray(), toArray(positions));
    }

    private Expr unary() throws SyntaxError {
        Token t = peek();
        if (t.type == T.MINUS) {
            next++;
            enter(t.pos);
            Expr x = unary();
            depth--;
            return new Expr.Neg(t.pos, x);
        }
        return atom();
    }

    private Expr atom() throws SyntaxError {
        Token t = tokens.get(next);
        switch (t.type) {
            case NUMBER -> {
                next++;
                return new Expr.Num(t.pos, t.value);
            }
            case PARAM -> {
                next++;
                return new Expr.Param(t.pos, t.text);
            }
            case STRING -> {
                next++;
                return new Expr.Str(t.pos, t.text);
            }
            case LPAREN -> {
                next++;
                enter(t.pos);
                Expr inner = or();
                depth--;
                expect(T.RPAREN, "')' to close the '(' at position " + t.pos);
                return inner;
            }
            case NAME -> {
                next++;
                switch (t.text) {
                    case "true":
                        return new Expr.Lit(t.pos, Expr.Lit.Kind.TRUE);
                    case "false":
                        return new Expr.Lit(t.pos, Expr.Lit.Kind.FALSE);
                    case "missing":
                        return new Expr.Lit(t.pos, Expr.Lit.Kind.MISSING);
                    case "and", "or", "not":
                        throw new SyntaxError(t.pos, "expected a value, found '" + t.text + "'");
                    default:
                        break;
                }
                if (peek().type == T.LPAREN) {
                    return call(t);
                }
                return new Expr.Ref(t.pos, t.text);
            }
            default -> throw new SyntaxError(t.pos, "expected a value, found " + describe(t));
        }
    }

    private Expr call(Token name) throws SyntaxError {
        Token open = tokens.get(next++);
        enter(open.pos);
        List<Expr> args = new ArrayList<>();
        if (peek().type == T.RPAREN) {
            throw new SyntaxError(peek().pos, name.text + "() needs arguments");
        }
        args.add(or());
        while (peek().type == T.COMMA) {
            next++;
            args.add(or());
        }
        expect(T.RPAREN, "',' or ')' to close the call of " + name.text + " at position " + name.pos);
        depth--;
        return new Expr.Call(name.pos, name.text, List.copyOf(args));
    }

    private void expect(T type, String what) throws SyntaxError {
        Token t = peek();
        if (t.type != type) {
            throw new SyntaxError(t.pos, "expected " + what + ", found " + describe(t));
        }
        next++;
    }

    private static String describe(Token t) {
        return switch (t.type) {
            case END -> "the end of the expression";
            case NUMBER -> "number " + t.text;
            case NAME -> "'" + t.text + "'";
            case PARAM -> "'$" + t.text + "'";
            case STRING -> "a string";
            default -> "'" + t.text + "'";
        };
    }

    private static int[] toArray(List<Integer> list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }
}
