package io.livepulse.notebooks;

import java.util.Locale;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A data frame as an HTML table, for notebooks: the kernel shows a cell's string value as HTML, so ending a cell
 * with {@code TableView.html(table)} draws a table (a plain {@code table.print()} loses its alignment there).
 */
public final class TableView {
    static final int DEFAULT_ROWS = 15;

    private TableView() {}

    /** The first {@value #DEFAULT_ROWS} rows. */
    public static String html(Table table) {
        return html(table, DEFAULT_ROWS);
    }

    /** The first {@code maxRows} rows, with the table's name and size as caption; doubles shown with 4 decimals. */
    public static String html(Table table, int maxRows) {
        var sb = new StringBuilder("<table><caption style=\"text-align:left\">")
                .append(escape(table.name())).append(": ").append(table.rowCount()).append(" rows x ")
                .append(table.columnCount()).append(" columns</caption><thead><tr>");
        for (Column<?> c : table.columns()) {
            sb.append("<th>").append(escape(c.name())).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        int rows = Math.min(Math.max(maxRows, 0), table.rowCount());
        for (int r = 0; r < rows; r++) {
            sb.append("<tr>");
            for (Column<?> c : table.columns()) {
                sb.append("<td>").append(escape(cell(c, r))).append("</td>");
            }
            sb.append("</tr>");
        }
        if (rows < table.rowCount()) {
            sb.append("<tr><td colspan=\"").append(table.columnCount()).append("\">... ")
                    .append(table.rowCount() - rows).append(" more rows</td></tr>");
        }
        return sb.append("</tbody></table>").toString();
    }

    private static String cell(Column<?> column, int row) {
        if (column.isMissing(row)) {
            return "";
        }
        Object value = column.get(row);
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%.4f", d);
        }
        return String.valueOf(value);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
