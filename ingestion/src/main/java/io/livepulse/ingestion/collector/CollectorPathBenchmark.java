package io.livepulse.ingestion.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.livepulse.models.privacy.Pseudonymizer;
import io.livepulse.models.simulation.PlatformSimulator;
import io.livepulse.models.simulation.SimulationConfig;
import io.livepulse.schemas.AvroCodec;
import io.livepulse.schemas.EventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Where the collector's own CPU goes per event, without HTTP or Kafka: one thread runs each step the request
 * threads run for a valid event (parse into Avro, range rules, pseudonym, Avro encoding, duplicate filter) over
 * the same simulated events the end-to-end benchmark posts, and, as the floor any JSON collector pays, Jackson's
 * tokenizer walking the same bytes without building anything. Each step's best of {@code --rounds} passes, in
 * nanoseconds per event, and its ratio to the tokenizer.
 *
 * <pre>
 * java -cp ingestion/target/livepulse-ingestion-*.jar:$(cat ingestion/target/app.classpath) \
 *     io.livepulse.ingestion.collector.CollectorPathBenchmark --events 200000 --rounds 25
 * </pre>
 */
@Command(name = "collector-path-benchmark", mixinStandardHelpOptions = true)
public final class CollectorPathBenchmark implements Callable<Integer> {
    private static final Logger CONSOLE = LoggerFactory.getLogger("livepulse.console");
    private static final JsonFactory TOKENIZER = new JsonFactory();

    @Option(names = "--events", defaultValue = "200000", description = "simulated events per pass")
    int events;

    @Option(names = "--rounds", defaultValue = "25", description = "passes; each step's fastest counts")
    int rounds;

    private enum Step { TOKENS, READ, RULES, PSEUDONYM, ENCODE, DEDUP }

    @Override
    public Integer call() throws IOException {
        var lines = new ArrayList<byte[]>(events);
        var it = new PlatformSimulator(SimulationConfig.demo(100).withUsers(20_000).withStreamers(2_000)).events();
        while (lines.size() < events && it.hasNext()) {
            lines.add(EventJson.toJsonString(it.next()).getBytes(StandardCharsets.UTF_8));
        }
        int n = lines.size();
        long bytes = lines.stream().mapToLong(l -> l.length).sum();
        var rules = new EventRules(Duration.ofMinutes(5), 500);
        var pseudonymizer = new Pseudonymizer(new byte[32]);
        var duplicates = new DuplicateFilter(Duration.ofDays(1).toMillis(), 2_000_000);
        long[] best = new long[Step.values().length];
        Arrays.fill(best, Long.MAX_VALUE);
        long checksum = 0;
        for (int round = 0; round < rounds; round++) {
            long[] took = new long[best.length];
            long start = System.nanoTime();
            for (byte[] line : lines) {
                checksum += tokens(line);
            }
            took[Step.TOKENS.ordinal()] = System.nanoTime() - start;

            var records = new SpecificRecord[n];
            start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                records[i] = StreamingEventReader.read(lines.get(i), 0, lines.get(i).length);
            }
            took[Step.READ.ordinal()] = System.nanoTime() - start;

            long now = System.currentTimeMillis();
            start = System.nanoTime();
            for (SpecificRecord r : records) {
                checksum += rules.check(r, now).isPresent() ? 1 : 0;
            }
            took[Step.RULES.ordinal()] = System.nanoTime() - start;

            start = System.nanoTime();
            for (SpecificRecord r : records) {
                var fields = FieldPositions.of(r.getSchema());
                r.put(fields.userId(), pseudonymizer.pseudonym(String.valueOf(r.get(fields.userId()))));
            }
            took[Step.PSEUDONYM.ordinal()] = System.nanoTime() - start;

            start = System.nanoTime();
            for (SpecificRecord r : records) {
                checksum += AvroCodec.standard().encode(r).length;
            }
            took[Step.ENCODE.ordinal()] = System.nanoTime() - start;

            var ids = new String[n];
            for (int i = 0; i < n; i++) {
                ids[i] = records[i].get(FieldPositions.of(records[i].getSchema()).eventId()) + "/" + round;
            }
            start = System.nanoTime();
            for (String id : ids) {
                checksum += duplicates.reserve(id, now) ? 1 : 0;
            }
            took[Step.DEDUP.ordinal()] = System.nanoTime() - start;

            for (int s = 0; s < best.length; s++) {
                best[s] = Math.min(best[s], took[s]);
            }
            CONSOLE.info("collector path: round {} of {} done", round + 1, rounds);
        }
        report(best, n, bytes, checksum);
        return 0;
    }

    private static void report(long[] best, int n, long bytes, long checksum) {
        double floor = best[Step.TOKENS.ordinal()] / (double) n;
        CONSOLE.info("collector path: {} events, mean {} bytes of JSON, {} cores, JDK {}, load average {} (checksum {})",
                n, bytes / n, Runtime.getRuntime().availableProcessors(), Runtime.version(), loadAverage(), checksum);
        CONSOLE.info(String.format("collector path: %-40s %10s %8s", "step (one thread, best pass)", "ns/event",
                "x tokens"));
        double checked = 0;
        for (Step step : Step.values()) {
            double ns = best[step.ordinal()] / (double) n;
            checked += step == Step.TOKENS ? 0 : ns;
            CONSOLE.info(String.format("collector path: %-40s %10.1f %8.2f", label(step), ns, ns / floor));
        }
        CONSOLE.info(String.format("collector path: %-40s %10.1f %8.2f", "all steps but the tokenizer", checked,
                checked / floor));
    }

    private static String label(Step step) {
        return switch (step) {
            case TOKENS -> "Jackson tokenizer alone (the floor)";
            case READ -> "parse into the Avro record";
            case RULES -> "range rules";
            case PSEUDONYM -> "pseudonym (HMAC, cached)";
            case ENCODE -> "Avro single-object encoding";
            case DEDUP -> "duplicate filter (2M ids)";
        };
    }

    private static long tokens(byte[] json) throws IOException {
        long count = 0;
        try (JsonParser parser = TOKENIZER.createParser(json)) {
            while (parser.nextToken() != null) {
                count++;
            }
        }
        return count;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CollectorPathBenchmark()).execute(args));
    }
}
