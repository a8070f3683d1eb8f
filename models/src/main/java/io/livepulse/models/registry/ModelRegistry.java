package io.livepulse.models.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The model registry on disk: {@code <root>/<name>/<version>/} holding {@code manifest.json},
 * {@code metrics.json} and the payload files. A version is written to a temporary directory and renamed into
 * place, so readers never see half a model; reading verifies the format version and every file's SHA-256.
 *
 * <pre>{@code
 * var registry = new ModelRegistry(dataDir.resolve("models"));
 * var written = registry.write(draft, dir -> Files.write(dir.resolve("factors.bin"), bytes));
 * VerifiedModel latest = registry.latest("recommender-als").orElseThrow();
 * }</pre>
 */
public final class ModelRegistry {
    static final String MANIFEST = "manifest.json";
    static final String METRICS = "metrics.json";
    /** Directory under the root holding one {@code <task>.json} per task: the model serving uses for it. */
    public static final String CHAMPIONS = "champions";
    /** Directory under the root holding one {@code <task>.json} per task whose serving selector pins a version. */
    public static final String PINS = "pins";
    /** The default of {@code registry.keep-versions}. */
    public static final int DEFAULT_KEEP_VERSIONS = 5;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final int keepVersions;

    /** A registry that never deletes versions by itself ({@link #prune} still can). */
    public ModelRegistry(Path root) {
        this(root, 0);
    }

    /**
     * A registry that prunes after each {@link #write}: it keeps the newest {@code keepVersions} versions of each
     * name, every champion and every pinned version ({@code registry.keep-versions}); 0 never prunes.
     */
    public ModelRegistry(Path root, int keepVersions) {
        if (keepVersions < 0) {
            throw new IllegalArgumentException("registry.keep-versions must be 0 (keep all) or more, got "
                    + keepVersions);
        }
        this.root = root;
        this.keepVersions = keepVersions;
    }

    public Path root() {
        return root;
    }

    /** What a training job knows about a model before writing it; the registry adds version, time and files. */
    public record Draft(String name, String kind, Map<String, Object> trainingData, Map<String, Object> params,
            Map<String, Object> metrics) {}

    /** Writes the payload files into a directory. */
    @FunctionalInterface
    public interface PayloadWriter {
        void writeTo(Path dir) throws IOException;
    }

    /** A version whose manifest parsed and whose files all matched their checksums. */
    public record VerifiedModel(ModelManifest manifest, Path dir) {
        public Path file(String name) {
            if (!manifest.files().containsKey(name)) {
                throw new RegistryException(manifest.name() + " v" + manifest.version() + " has no file " + name);
            }
            return dir.resolve(name);
        }

        /** The path of file {@code name}, after checking the model is of {@code kind}. */
        public Path file(String kind, String name) {
            if (!kind.equals(manifest.kind())) {
                throw new RegistryException(dir + ": kind " + manifest.kind() + " is not " + kind);
            }
            return file(name);
        }
    }

    /** Writes the next version of {@code draft.name()} and returns it, verified. */
    public synchronized VerifiedModel write(Draft draft, PayloadWriter payload) {
        try {
            Path modelDir = root.resolve(draft.name());
            Files.createDirectories(modelDir);
            Path tmp = modelDir.resolve(".tmp-" + UUID.randomUUID());
            Files.createDirectories(tmp);
            payload.writeTo(tmp);
            var files = new TreeMap<String, String>();
            try (Stream<Path> walk = Files.walk(tmp)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    files.put(tmp.relativize(file).toString().replace('\\', '/'), sha256(file));
                }
            }
            int version = versions(draft.name()).stream().max(Integer::compare).orElse(0) + 1;
            var manifest = new ModelManifest(ModelManifest.FORMAT_VERSION, draft.name(), version, draft.kind(),
                    System.currentTimeMillis(), draft.trainingData(), draft.params(), draft.metrics(), files);
            JSON.writeValue(tmp.resolve(METRICS).toFile(), draft.metrics());
            JSON.writeValue(tmp.resolve(MANIFEST).toFile(), manifest);
            Path target = modelDir.resolve(String.valueOf(version));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            var written = verify(target);
            if (keepVersions > 0) {
                prune(keepVersions);
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write model " + draft.name() + " under " + root, e);
        }
    }

    /** Edits the payload files of a copy of a version, in place. */
    @FunctionalInterface
    public interface PayloadEditor {
        /** Edits the files in {@code dir}; returns false to leave the version as it was. */
        boolean edit(Path dir, ModelManifest manifest) throws IOException;
    }

    /**
     * Rewrites one version's payload (erasure): the version is copied to a temporary directory, edited there,
     * its checksums recomputed into a new manifest (same name, version, kind and metadata), then swapped in by
     * two renames. A reader sees the old version or the new one; between the renames the version is briefly
     * missing, which the serving watcher treats as a failed load (it keeps the model it has).
     *
     * @return whether the version was changed
     */
    public synchronized boolean rewrite(String name, int version, PayloadEditor editor) {
        VerifiedModel current = load(name, version);
        Path target = current.dir();
        Path tmp = target.resolveSibling(".tmp-" + UUID.randomUUID());
        try {
            copyTree(target, tmp);
            if (!editor.edit(tmp, current.manifest())) {
                deleteTree(tmp);
                return false;
            }
            var files = new TreeMap<String, String>();
            try (Stream<Path> walk = Files.walk(tmp)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    String rel = tmp.relativize(file).toString().replace('\\', '/');
                    if (!rel.equals(MANIFEST) && !rel.equals(METRICS)) {
                        files.put(rel, sha256(file));
                    }
                }
            }
            var m = current.manifest();
            JSON.writeValue(tmp.resolve(MANIFEST).toFile(), new ModelManifest(m.formatVersion(), m.name(), m.version(),
                    m.kind(), m.createdTimeMs(), m.trainingData(), m.params(), m.metrics(), files));
            verify(tmp);
            Path old = target.resolveSibling(".old-" + UUID.randomUUID());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rewrite model " + name + " v" + version + " under " + root, e);
        }
    }

    /**
     * Records that a serving selector pins {@code ref} for {@code task}, so that {@link #prune} keeps it. Serving
     * writes it at start for every pinned selector, and {@link #unpin} for the others.
     */
    public synchronized void pin(String task, ModelSelector.Ref ref) {
        checkTask(task);
        try {
            Path dir = root.resolve(PINS);
            Files.createDirectories(dir);
            Path tmp = dir.resolve(".tmp-" + UUID.randomUUID());
            JSON.writeValue(tmp.toFile(), Map.of("task", task, "name", ref.name(), "version", ref.version()));
            Files.move(tmp, dir.resolve(task + ".json"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot pin " + ref + " for " + task + " under " + root, e);
        }
    }

    /** Removes the pin of {@code task}, if any. */
    public synchronized void unpin(String task) {
        checkTask(task);
        try {
            Files.deleteIfExists(root.resolve(PINS).resolve(task + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpin " + task + " under " + root, e);
        }
    }

    /** Every pinned version, by task. */
    public Map<String, ModelSelector.Ref> pins() {
        Path dir = root.resolve(PINS);
        var pins = new TreeMap<String, ModelSelector.Ref>();
        if (!Files.isDirectory(dir)) {
            return pins;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")
                    && !f.getFileName().toString().startsWith(".")).toList()) {
                var node = JSON.readTree(file.toFile());
                pins.put(node.path("task").asText(), new ModelSelector.Ref(node.path("name").asText(),
                        node.path("version").asInt()));
            }
            return pins;
        } catch (IOException e) {
            throw new RegistryException(dir + ": unreadable pin (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Deletes every version beyond the newest {@code keepVersions} of each model name, except the champion of any
     * task and any pinned version. A version is renamed away first (readers never see half of it), then deleted.
     *
     * @return the deleted versions, by name and version
     */
    public synchronized List<ModelSelector.Ref> prune(int keepVersions) {
        if (keepVersions < 1) {
            throw new IllegalArgumentException("keep at least 1 version per model, got " + keepVersions);
        }
        var kept = new java.util.HashSet<ModelSelector.Ref>(pins().values());
        for (String task : championTasks()) {
            champion(task).ifPresent(c -> kept.add(new ModelSelector.Ref(c.name(), c.version())));
        }
        var deleted = new java.util.ArrayList<ModelSelector.Ref>();
        for (String name : names()) {
            List<Integer> versions = versions(name);
            for (int v : versions.subList(0, Math.max(0, versions.size() - keepVersions))) {
                var ref = new ModelSelector.Ref(name, v);
                if (kept.contains(ref)) {
                    continue;
                }
                Path dir = root.resolve(name).resolve(String.valueOf(v));
                try {
                    Path gone = dir.resolveSibling(".pruned-" + UUID.randomUUID());
                    Files.move(dir, gone, StandardCopyOption.ATOMIC_MOVE);
                    deleteTree(gone);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot delete " + dir + " while pruning the registry", e);
                }
                deleted.add(ref);
            }
        }
        return deleted;
    }

    private static void checkTask(String task) {
        if (!task.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("task '" + task + "': use letters, digits, '.', '_' and '-'");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * The model chosen for a task (e.g. {@code recommender}, {@code sentiment-zh}) and why.
     *
     * @param task what the model is for
     * @param name the chosen model
     * @param version its version
     * @param selectedTimeMs when it was chosen, epoch ms UTC
     * @param metric the validation metric the choice maximised, e.g. {@code validation.HR@1}
     * @param candidates every candidate of the choice with its figures, by name
     */
    public record Champion(String task, String name, int version, long selectedTimeMs, String metric,
            Map<String, Object> candidates) {}

    /**
     * Marks {@code model} the champion of {@code task}, replacing the previous one atomically (a new file renamed
     * over the old): readers see the old champion or the new one, never a half-written one.
     */
    public synchronized Champion promote(String task, VerifiedModel model, String metric,
            Map<String, Object> candidates) {
        if (!task.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("task '" + task + "': use letters, digits, '.', '_' and '-'");
        }
        var champion = new Champion(task, model.manifest().name(), model.manifest().version(),
                System.currentTimeMillis(), metric, candidates);
        try {
            Path dir = root.resolve(CHAMPIONS);
            Files.createDirectories(dir);
            Path tmp = dir.resolve(".tmp-" + UUID.randomUUID());
            JSON.writeValue(tmp.toFile(), champion);
            try {
                Files.move(tmp, dir.resolve(task + ".json"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(task + ".json"), StandardCopyOption.REPLACE_EXISTING);
            }
            return champion;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the champion of " + task + " under " + root, e);
        }
    }

    /** The champion of {@code task}; empty when none was chosen. {@link RegistryException} if its file is corrupt. */
    public Optional<Champion> champion(String task) {
        Path file = root.resolve(CHAMPIONS).resolve(task + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), Champion.class));
        } catch (IOException e) {
            throw new RegistryException(file + ": unreadable champion (" + e.getMessage() + ")", e);
        }
    }

    /** Tasks that have a champion. */
    public List<String> championTasks() {
        Path dir = root.resolve(CHAMPIONS);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Model names in the registry. */
    public List<String> names() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(CHAMPIONS) && !n.equals(PINS) && !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Complete versions of a model (directories named by a number), ascending. */
    public List<Integer> versions(String name) {
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d+"))
                    .map(Integer::parseInt)
                    .sorted(Comparator.naturalOrder())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest version, verified. {@link RegistryException} if it is corrupt; empty if there is none. */
    public Optional<VerifiedModel> latest(String name) {
        var versions = versions(name);
        return versions.isEmpty() ? Optional.empty() : Optional.of(load(name, versions.get(versions.size() - 1)));
    }

    /** The manifest of a version, read without verifying its files (cheap: to pick versions by kind). */
    public ModelManifest manifest(String name, int version) {
        Path file = root.resolve(name).resolve(String.valueOf(version)).resolve(MANIFEST);
        try {
            return JSON.readValue(file.toFile(), ModelManifest.class);
        } catch (IOException e) {
            throw new RegistryException(file + ": missing or unreadable (" + e.getMessage() + ")", e);
        }
    }

    public VerifiedModel load(String name, int version) {
        return verify(root.resolve(name).resolve(String.valueOf(version)));
    }

    /**
     * Reads and checks one version directory.
     *
     * @throws RegistryException when the manifest is missing or unreadable, its format version is unknown, or a
     *     file is missing or does not match its checksum
     */
    public static VerifiedModel verify(Path dir) {
        Path manifestFile = dir.resolve(MANIFEST);
        ModelManifest manifest;
        try {
            manifest = JSON.readValue(manifestFile.toFile(), ModelManifest.class);
        } catch (IOException e) {
            throw new RegistryException(dir + ": manifest.json is missing or unreadable (" + e.getMessage() + ")", e);
        }
        if (manifest.formatVersion() != ModelManifest.FORMAT_VERSION) {
            throw new RegistryException(dir + ": manifest format version " + manifest.formatVersion()
                    + " is not supported (this build reads " + ModelManifest.FORMAT_VERSION + ")");
        }
        if (manifest.files() == null || manifest.files().isEmpty()) {
            throw new RegistryException(dir + ": manifest lists no files");
        }
        for (var entry : manifest.files().entrySet()) {
            Path file = dir.resolve(entry.getKey()).normalize();
            if (!file.startsWith(dir.normalize())) {
                throw new RegistryException(dir + ": file " + entry.getKey() + " is outside the model directory");
            }
            if (!Files.isRegularFile(file)) {
                throw new RegistryException(dir + ": file " + entry.getKey() + " is missing");
            }
            String actual;
            try {
                actual = sha256(file);
            } catch (IOException e) {
                throw new RegistryException(dir + ": cannot read " + entry.getKey() + " (" + e.getMessage() + ")", e);
            }
            if (!actual.equalsIgnoreCase(entry.getValue())) {
                throw new RegistryException(dir + ": checksum mismatch for " + entry.getKey() + " (expected "
                        + entry.getValue() + ", found " + actual + "); the file is corrupt or truncated");
            }
        }
        return new VerifiedModel(manifest, dir);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
