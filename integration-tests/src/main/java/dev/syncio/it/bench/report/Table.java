package dev.syncio.it.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table with right-aligned columns, for the benchmark's console output and docs. */
public final class Table {

    private final String title;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String title, String... header) {
        this.title = title;
        this.header = List.of(header);
    }

    /** Adds a row; numbers are formatted by {@link #num(double, int)} by the caller. */
    public Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    /** {@code value} with {@code decimals} decimals, or "-" when it is not a number. */
    public static String num(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** {@code a / b} as "0.83x", or "-" when either is missing. */
    public static String ratio(Double a, Double b) {
        if (a == null || b == null || b == 0 || Double.isNaN(a) || Double.isNaN(b)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", a / b);
    }

    /** The table as text, a Markdown table (so it can be pasted into docs/performance.md). */
    public String render() {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                if (c < row.size()) {
                    widths[c] = Math.max(widths[c], row.get(c).length());
                }
            }
        }
        StringBuilder out = new StringBuilder("\n").append(title).append("\n\n");
        line(out, header, widths);
        StringBuilder rule = new StringBuilder("|");
        for (int width : widths) {
            rule.append('-').append("-".repeat(width)).append(":|");
        }
        out.append(rule).append('\n');
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        out.append('|');
        for (int c = 0; c < widths.length; c++) {
            String cell = c < cells.size() ? cells.get(c) : "";
            out.append(' ').append(" ".repeat(widths[c] - cell.length())).append(cell).append(" |");
        }
        out.append('\n');
    }
}
