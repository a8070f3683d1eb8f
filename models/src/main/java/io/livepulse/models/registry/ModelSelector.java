package io.livepulse.models.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which registry version to serve for one task, from a setting: {@code champion} (the task's champion, the
 * default; while a registry has none, the newest version of a fallback model), {@code NAME} (the newest version of
 * that model that loads) or {@code NAME:VERSION} (pinned).
 *
 * @param task the task, e.g. {@code recommender} or {@code sentiment-zh}
 * @param name the model named by the setting; empty for {@code champion}
 * @param version the pinned version, 0 when not pinned
 * @param fallback with {@code champion}: the model served while the task has no champion (registries written
 *     before champions existed); empty for none
 */
public record ModelSelector(String task, Optional<String> name, int version, Optional<String> fallback) {
    public static final String CHAMPION = "champion";

    /** One registry version. */
    public record Ref(String name, int version) {
        @Override
        public String toString() {
            return name + " v" + version;
        }
    }

    /**
     * Parses a setting.
     *
     * @throws IllegalArgumentException with the accepted forms when the setting is none of them
     */
    public static ModelSelector parse(String task, String setting) {
        return parse(task, setting, null);
    }

    /** Parses a setting; {@code champion} falls back to the newest {@code fallbackName} (may be null). */
    public static ModelSelector parse(String task, String setting, String fallbackName) {
        String s = setting.strip();
        if (s.isEmpty() || s.equals(CHAMPION)) {
            return new ModelSelector(task, Optional.empty(), 0, Optional.ofNullable(fallbackName));
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            return new ModelSelector(task, Optional.of(s), 0, Optional.empty());
        }
        try {
            int v = Integer.parseInt(s.substring(colon + 1));
            if (v < 1 || colon == 0) {
                throw new NumberFormatException();
            }
            return new ModelSelector(task, Optional.of(s.substring(0, colon)), v, Optional.empty());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + setting + "' for " + task + ": use '" + CHAMPION + "', a model"
                    + " name, or NAME:VERSION with a version >= 1");
        }
    }

    /**
     * The versions to try, most preferred first: the champion; every version of the named model, newest first; or
     * the pinned version. Empty when the registry has none yet.
     */
    public List<Ref> candidates(ModelRegistry registry) {
        if (name.isEmpty()) {
            var champion = registry.champion(task);
            if (champion.isPresent()) {
                return List.of(new Ref(champion.get().name(), champion.get().version()));
            }
            return fallback.map(f -> newestFirst(registry, f)).orElse(List.of());
        }
        if (version > 0) {
            return List.of(new Ref(name.get(), version));
        }
        return newestFirst(registry, name.get());
    }

    private static List<Ref> newestFirst(ModelRegistry registry, String model) {
        var versions = registry.versions(model);
        var refs = new ArrayList<Ref>(versions.size());
        for (int i = versions.size() - 1; i >= 0; i--) {
            refs.add(new Ref(model, versions.get(i)));
        }
        return refs;
    }

    @Override
    public String toString() {
        return name.map(n -> version > 0 ? n + ":" + version : n).orElse(CHAMPION + " of " + task);
    }
}
