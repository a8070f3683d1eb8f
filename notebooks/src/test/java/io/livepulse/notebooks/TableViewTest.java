package io.livepulse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableViewTest {

    @Test
    void escapesTextFormatsNumbersAndSaysWhatWasCut() {
        var t = Table.create("t<1>", StringColumn.create("name", "<b>", "x", "y"),
                DoubleColumn.create("v", 1.0 / 3, Double.NaN, 2));
        String html = TableView.html(t, 2);
        assertThat(html).contains("t&lt;1&gt;: 3 rows x 2 columns", "<td>&lt;b&gt;</td>", "<td>0.3333</td>",
                "<td></td>", "... 1 more rows");
        assertThat(html).doesNotContain("<td>y</td>");
    }
}
