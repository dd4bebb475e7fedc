package io.inferscope.local;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How {@code inferscope tail} prints one record type as a table row: named columns with a width,
 * each reading one value from the record. The header and the rows come from the same columns, so
 * they line up.
 */
final class RecordTable<T> {
    private static final String GAP = "  ";

    private record Column<T>(String name, int width, Function<T, String> value) {}

    private final List<Column<T>> columns = new ArrayList<>();

    RecordTable<T> col(String name, int width, Function<T, String> value) {
        columns.add(new Column<>(name, width, value));
        return this;
    }

    String header() {
        return render(columns.stream().map(Column::name).toList());
    }

    String row(T record) {
        List<String> cells = new ArrayList<>();
        for (Column<T> c : columns) {
            String v = c.value().apply(record);
            cells.add(v == null || v.isEmpty() ? Fmt.NONE : v);
        }
        return render(cells);
    }

    private String render(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            boolean last = i == cells.size() - 1;
            sb.append(cell);
            if (!last) {
                sb.append(" ".repeat(Math.max(0, columns.get(i).width() - cell.length())));
                sb.append(GAP);
            }
        }
        return sb.toString();
    }
}
