package io.livepulse.notebooks;

import io.livepulse.platform.config.PlatformConfig;
import io.livepulse.platform.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.stream.Stream;
import io.livepulse.models.simulation.SimulationConfig;
import org.apache.avro.specific.SpecificRecord;
import tech.tablesaw.api.Table;

/**
 * The Parquet feature tables under a data directory, read into Tablesaw data frames.
 *
 * <p>Tables live at {@code <data.dir>/parquet/<table>/date=YYYY-MM-DD/hour=HH/*.parquet}, written with the Avro
 * schemas of {@code io.livepulse.schemas.feature}. {@link #load(String)} reads every file of a table into one
 * {@link Table} with one column per Avro field plus the partition columns {@code date} and {@code hour}:
 *
 * <pre>{@code
 * var tables = FeatureTables.fromEnvironment();
 * Table features = tables.load(FeatureTables.USER_ROOM_FEATURES);
 * features.summarize("watchTimeMs", mean, median).by("hour");
 * }</pre>
 */
public final class FeatureTables {
    /** {@code UserRoomFeatures}: W, I, O and T of one user in one room. */
    public static final String USER_ROOM_FEATURES = "user_room_features";
    /** {@code WatchSession}: one closed session with its W, T, I and O (what the online fits observe). */
    public static final String WATCH_SESSIONS = "watch_sessions";
    /** {@code RoomMetrics}: CCU, revenue and interactions of a room per window. */
    public static final String ROOM_METRICS = "room_metrics";
    /** {@code ModelFit}: the streaming job's online least-squares coefficients. */
    public static final String MODEL_FITS = "model_fits";
    /** {@code RoomSentiment}: a room's chat sentiment per minute. */
    public static final String ROOM_SENTIMENT = "room_sentiment";
    /** {@code SentimentAlert}: public-opinion alerts raised per room and minute. */
    public static final String SENTIMENT_ALERTS = "sentiment_alerts";

    /** Where {@link #openOrSample()} writes the synthetic sample, under the data directory. */
    public static final String SAMPLE_DIR = "notebook-sample";

    private final Path dataDir;
    private final boolean synthetic;

    private FeatureTables(Path dataDir, boolean synthetic) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.synthetic = synthetic;
    }

    /** The tables under {@code dataDir} (the directory that holds {@code parquet/}). */
    public static FeatureTables at(Path dataDir) {
        return new FeatureTables(dataDir, false);
    }

    /** The simulation {@link #openOrSample()} computes its feature tables from. */
    public static final SimulationConfig SAMPLE_SIMULATION = SimulationConfig.tiny(42);

    /**
     * The configured data directory's tables if it holds {@value #USER_ROOM_FEATURES}; otherwise a small sample,
     * written once to {@code <data.dir>/notebook-sample}, so a notebook runs before any pipeline has: the feature
     * tables of {@link #SAMPLE_SIMULATION} computed by {@link SimulatedFeatureWriter} (simulator, then the streaming
     * job's plain-Java reference), and the synthetic sentiment tables of {@link SampleFeatureWriter}.
     * {@link #describe()} says which data it is.
     */
    public static FeatureTables openOrSample() {
        var real = fromEnvironment();
        if (real.exists(USER_ROOM_FEATURES)) {
            return real;
        }
        Path sampleDir = real.dataDir.resolve(SAMPLE_DIR);
        var sample = new FeatureTables(sampleDir, true);
        if (!sample.exists(USER_ROOM_FEATURES) || !sample.exists(ROOM_SENTIMENT)) {
            SimulatedFeatureWriter.write(sampleDir, SAMPLE_SIMULATION, SimulatedFeatureWriter.STREAMING_DEFAULTS);
            SampleFeatureWriter.small(sampleDir).writeSentiment();
        }
        return sample;
    }

    /** True if these are the synthetic sample rather than features the pipeline wrote. */
    public boolean synthetic() {
        return synthetic;
    }

    /** One sentence saying which data this is, for the top of a notebook. */
    public String describe() {
        if (synthetic) {
            var c = SAMPLE_SIMULATION;
            return "SAMPLE data (no Parquet features under the data directory yet), in " + dataDir + ": feature tables "
                    + "computed from a small simulation (PlatformSimulator seed " + c.seed() + ": " + c.users()
                    + " viewers, " + c.streamers() + " streamers, " + c.days() + " day from " + c.start()
                    + ") by the streaming job's plain-Java FeatureReference; sentiment tables synthetic "
                    + "(SampleFeatureWriter: one planted incident in room-03). Run the pipeline ('./livepulse demo') "
                    + "to see real features.";
        }
        return "Parquet features written by the pipeline under " + dataDir.resolve("parquet") + ": " + names();
    }

    /**
     * The tables under the configured {@code data.dir}: the module defaults, overridden by the
     * {@code LIVEPULSE_DATA_DIR} environment variable (the notebook kernel gets it from {@code ./livepulse notebooks}).
     */
    public static FeatureTables fromEnvironment() {
        var settings = Settings.load(Optional.empty(), System.getenv());
        var platform = PlatformConfig.from(settings);
        settings.check();
        return at(platform.dataDir());
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * The viewers' planted propensity to interact (sigma of {@code I = alpha1*sigma + alpha2*O}) by user id, from
     * {@code <data.dir>/simulation/sample-users.csv} when a simulation wrote one; empty otherwise (no feature table
     * holds sigma: it is the simulator's ground truth).
     */
    public Map<String, Double> plantedPropensities() {
        Path file = dataDir.resolve("simulation").resolve(SampleFeatureWriter.SIGMA_FILE);
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try (Stream<String> lines = Files.lines(file)) {
            var out = new TreeMap<String, Double>();
            lines.skip(1).map(l -> l.split(",")).filter(a -> a.length == 2)
                    .forEach(a -> out.put(a[0], Double.parseDouble(a[1])));
            return out;
        } catch (IOException | NumberFormatException e) {
            throw new FeatureTableException("Cannot read the propensities in " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code <data.dir>/parquet/<table>}. */
    public Path directory(String table) {
        return dataDir.resolve("parquet").resolve(table);
    }

    /** The names of the tables that hold at least one Parquet file, sorted. */
    public List<String> names() {
        Path parquet = dataDir.resolve("parquet");
        if (!Files.isDirectory(parquet)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(parquet)) {
            return dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(this::exists)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + parquet, e);
        }
    }

    /** True if the table holds at least one Parquet file. */
    public boolean exists(String table) {
        return !files(table).isEmpty();
    }

    /** Every Parquet file of the table in partition order; empty if there is none. */
    public List<Path> files(String table) {
        Path dir = directory(table);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    /**
     * Reads every file of the table into one data frame.
     *
     * @throws FeatureTableException if the table has no file, or a file is not Parquet or has another schema
     */
    public Table load(String table) {
        var files = files(table);
        if (files.isEmpty()) {
            throw new FeatureTableException("No Parquet files for table '" + table + "' under " + directory(table)
                    + "; tables present: " + names() + ". Run './livepulse stream' to write them, or write a "
                    + "sample with SampleFeatureWriter.");
        }
        return ParquetFrameReader.read(table, files);
    }

    /**
     * Reads every record of the table as the generated Avro class, e.g. {@code records(MODEL_FITS, ModelFit.class)}
     * when a column such as {@code coefficients} is an array.
     *
     * @throws FeatureTableException if the table has no file or a file cannot be read as {@code type}
     */
    public <T extends SpecificRecord> List<T> records(String table, Class<T> type) {
        var files = files(table);
        if (files.isEmpty()) {
            throw new FeatureTableException("No Parquet files for table '" + table + "' under " + directory(table)
                    + "; tables present: " + names());
        }
        return ParquetFrameReader.records(files, type);
    }
}
