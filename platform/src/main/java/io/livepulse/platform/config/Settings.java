package io.livepulse.platform.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The settings of every LivePulse app, resolved once: defaults shipped by each module
 * ({@code META-INF/livepulse/defaults.properties}), then a {@code --config} file, then environment
 * variables {@code LIVEPULSE_<SECTION>_<KEY>} (later wins). Keys are {@code section.key-name}; the variable
 * for {@code kafka.bootstrap-servers} is {@code LIVEPULSE_KAFKA_BOOTSTRAP_SERVERS}.
 *
 * <p>Secrets are read from {@code LIVEPULSE_SECRET_<NAME>} variables only, never from files. Typed getters
 * record every problem; {@link #check()} then reports them all in one message, each with its fix. Apps turn
 * this into their own immutable config record in {@code main} and pass plain values on.
 */
public final class Settings {
    static final String DEFAULTS = "META-INF/livepulse/defaults.properties";
    static final String ENV_PREFIX = "LIVEPULSE_";
    static final String SECRET_PREFIX = "LIVEPULSE_SECRET_";

    private final Map<String, String> values;
    private final Map<String, String> origins;
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    private Settings(Map<String, String> values, Map<String, String> origins, Map<String, String> env,
            List<String> problems) {
        this.values = values;
        this.origins = origins;
        this.env = env;
        this.problems.addAll(problems);
    }

    /** Defaults, then {@code configFile} if present, then {@code env}. Call {@link #check()} after reading. */
    public static Settings load(Optional<Path> configFile, Map<String, String> env) {
        var values = new TreeMap<String, String>();
        var origins = new TreeMap<String, String>();
        var problems = new ArrayList<String>();
        defaults().forEach((k, v) -> {
            values.put(k, v);
            origins.put(k, "default");
        });
        configFile.ifPresent(file -> {
            var fromFile = readFile(file, problems);
            fromFile.forEach((key, value) -> {
                if (key.startsWith("secret.")) {
                    problems.add(key + " (in " + file + "): secrets are read from environment variables only; set "
                            + envName(key) + " instead");
                } else if (!values.containsKey(key)) {
                    problems.add(key + " (in " + file + "): unknown setting; known settings: " + values.keySet());
                } else {
                    values.put(key, value);
                    origins.put(key, file.toString());
                }
            });
        });
        env.forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX) || name.startsWith(SECRET_PREFIX)) {
                return;
            }
            String key = keyOf(name);
            if (values.containsKey(key)) {
                values.put(key, value);
                origins.put(key, "environment variable " + name);
            } else {
                problems.add(name + ": unknown setting " + key + "; unset it or use one of: " + values.keySet());
            }
        });
        return new Settings(values, origins, Map.copyOf(env), problems);
    }

    /** Settings from the defaults and {@code overrides} only (tests). */
    public static Settings of(Map<String, String> overrides) {
        var settings = load(Optional.empty(), Map.of());
        overrides.forEach((k, v) -> {
            if (!settings.values.containsKey(k)) {
                throw new IllegalArgumentException("unknown setting " + k);
            }
            settings.values.put(k, v);
            settings.origins.put(k, "override");
        });
        return settings;
    }

    /** {@code kafka.bootstrap-servers} -> {@code LIVEPULSE_KAFKA_BOOTSTRAP_SERVERS}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** {@code LIVEPULSE_KAFKA_BOOTSTRAP_SERVERS} -> {@code kafka.bootstrap-servers}: the first word is the section. */
    static String keyOf(String envName) {
        String rest = envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        int cut = rest.indexOf('_');
        return cut < 0 ? rest : rest.substring(0, cut) + "." + rest.substring(cut + 1).replace('_', '-');
    }

    public String string(String key) {
        String value = values.get(key);
        if (value == null) {
            problems.add(key + ": no such setting (add it to a module's " + DEFAULTS + ")");
            return "";
        }
        return value.trim();
    }

    public int integer(String key, int min, int max) {
        String raw = string(key);
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                return invalid(key, raw, "a whole number from " + min + " to " + max, min);
            }
            return value;
        } catch (NumberFormatException e) {
            return invalid(key, raw, "a whole number from " + min + " to " + max, min);
        }
    }

    public double decimal(String key, double min, double max) {
        String raw = string(key);
        try {
            double value = Double.parseDouble(raw);
            if (!(value >= min && value <= max)) {
                return invalid(key, raw, "a number from " + min + " to " + max, min);
            }
            return value;
        } catch (NumberFormatException e) {
            return invalid(key, raw, "a number from " + min + " to " + max, min);
        }
    }

    public boolean bool(String key) {
        String raw = string(key).toLowerCase(Locale.ROOT);
        if (raw.equals("true") || raw.equals("false")) {
            return Boolean.parseBoolean(raw);
        }
        return invalid(key, raw, "true or false", false);
    }

    /** ISO-8601 ({@code PT30S}) or a number with a unit: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
    public Duration duration(String key) {
        String raw = string(key);
        try {
            return parseDuration(raw);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return invalid(key, raw, "a duration such as 250ms, 30s, 5m, 2h, 1d or PT30S", Duration.ZERO);
        }
    }

    /** Parses {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601. */
    public static Duration parseDuration(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) {
            return Duration.parse(raw.trim());
        }
        int unitStart = 0;
        while (unitStart < s.length() && Character.isDigit(s.charAt(unitStart))) {
            unitStart++;
        }
        if (unitStart == 0) {
            throw new IllegalArgumentException(raw);
        }
        long n = Long.parseLong(s.substring(0, unitStart));
        return switch (s.substring(unitStart)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException(raw);
        };
    }

    public Path path(String key) {
        return Path.of(string(key));
    }

    /** The secret {@code LIVEPULSE_SECRET_<NAME>}, if set and not blank. */
    public Optional<String> secret(String name) {
        return Optional.ofNullable(env.get(SECRET_PREFIX + name.toUpperCase(Locale.ROOT)))
                .filter(s -> !s.isBlank());
    }

    /** Every key and value, for diagnostics; secrets are not in here. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** @throws ConfigException listing every problem found so far, each with where the value came from */
    public void check() {
        if (!problems.isEmpty()) {
            throw new ConfigException("LivePulse configuration has " + problems.size() + " problem(s):\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    private <T> T invalid(String key, String raw, String expected, T fallback) {
        problems.add(key + " = '" + raw + "' (from " + origins.getOrDefault(key, "?") + "): must be " + expected
                + "; set it in the --config file or with " + envName(key));
        return fallback;
    }

    private static Map<String, String> defaults() {
        var merged = new TreeMap<String, String>();
        try {
            var resources = Settings.class.getClassLoader().getResources(DEFAULTS);
            while (resources.hasMoreElements()) {
                URL url = resources.nextElement();
                try (InputStream in = url.openStream()) {
                    var props = new Properties();
                    props.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                    props.stringPropertyNames().forEach(k -> merged.put(k, props.getProperty(k)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DEFAULTS, e);
        }
        return merged;
    }

    private static Map<String, String> readFile(Path file, List<String> problems) {
        var result = new TreeMap<String, String>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            var props = new Properties();
            props.load(reader);
            props.stringPropertyNames().forEach(k -> result.put(k, props.getProperty(k)));
        } catch (IOException e) {
            problems.add("--config " + file + ": cannot be read (" + e.getMessage() + ")");
        }
        return result;
    }
}
