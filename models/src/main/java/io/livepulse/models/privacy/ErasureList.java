package io.livepulse.models.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pseudonyms of erased users, one per line in {@code <data.dir>/privacy/erased-users.txt}: training reads it and
 * leaves these users out, so a model trained after an erasure holds nothing of them even when older Parquet files
 * (a backup restored, a partition still being written during the erasure) do. It holds pseudonyms only, never a
 * platform id. Appends are synchronised within a process; the file is only ever appended to.
 */
public final class ErasureList {
    /** Where the list lives under the data directory. */
    public static final String FILE = "privacy/erased-users.txt";
    private static final Pattern PSEUDONYM = Pattern.compile("[0-9a-f]{32}");

    private final Path file;

    public ErasureList(Path file) {
        this.file = file;
    }

    /** The list of the data directory {@code dataDir}. */
    public static ErasureList in(Path dataDir) {
        return new ErasureList(dataDir.resolve(FILE));
    }

    public Path file() {
        return file;
    }

    /**
     * Adds a pseudonym; returns false when it was already listed.
     *
     * @throws IllegalArgumentException when it is not a pseudonym (32 lower-case hex characters): a raw id must
     *     never be written here
     */
    public synchronized boolean add(String pseudonym) {
        if (!PSEUDONYM.matcher(pseudonym).matches()) {
            throw new IllegalArgumentException("the erasure list holds pseudonyms only (32 lower-case hex characters)");
        }
        if (all().contains(pseudonym)) {
            return false;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, pseudonym + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the erasure list " + file, e);
        }
    }

    /** Every erased pseudonym; empty when nobody was erased. */
    public Set<String> all() {
        if (!Files.isRegularFile(file)) {
            return Set.of();
        }
        try {
            var all = new LinkedHashSet<String>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    all.add(line.strip());
                }
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the erasure list " + file, e);
        }
    }
}
