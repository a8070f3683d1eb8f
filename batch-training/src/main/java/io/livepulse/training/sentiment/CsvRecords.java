package io.livepulse.training.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV records (quoted fields, doubled quotes, quoted line breaks), header excluded. */
final class CsvRecords {
    private CsvRecords() {}

    static List<List<String>> read(Path file) throws IOException {
        var records = new ArrayList<List<String>>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null) {
                return records;
            }
            while ((line = in.readLine()) != null) {
                var fields = new ArrayList<String>();
                var field = new StringBuilder();
                boolean quoted = false;
                int i = 0;
                while (true) {
                    if (i == line.length()) {
                        if (!quoted) {
                            fields.add(field.toString());
                            break;
                        }
                        String next = in.readLine();
                        if (next == null) {
                            throw new IOException(file + ": unterminated quoted field at end of file");
                        }
                        field.append('\n');
                        line = next;
                        i = 0;
                        continue;
                    }
                    char c = line.charAt(i++);
                    if (quoted) {
                        if (c == '"' && i < line.length() && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else if (c == '"') {
                            quoted = false;
                        } else {
                            field.append(c);
                        }
                    } else if (c == '"' && field.isEmpty()) {
                        quoted = true;
                    } else if (c == ',') {
                        fields.add(field.toString());
                        field.setLength(0);
                    } else {
                        field.append(c);
                    }
                }
                records.add(fields);
            }
        }
        return records;
    }
}
