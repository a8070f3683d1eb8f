package io.livepulse.serving.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API keys the server accepts, held only as SHA-256 hashes. Keys come from a file of hashes (one key a line:
 * {@code name roles sha256-hex}, roles comma-separated, {@code #} comments; print a line with
 * {@link #fileLine}) and from the secret {@code LIVEPULSE_SECRET_API_KEYS} ({@code name:roles:key} entries
 * separated by {@code ;}, hashed on load, roles separated by {@code +}).
 */
public final class ApiKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A known key: who it is and what it may do. */
    public record ApiKey(String name, Set<Role> roles) {}

    private final Map<String, ApiKey> byHash;

    private ApiKeys(Map<String, ApiKey> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    public static ApiKeys none() {
        return new ApiKeys(Map.of());
    }

    /** The key presented in a request, if it is known. */
    public Optional<ApiKey> find(String presented) {
        if (presented == null || presented.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(hash(presented.trim())));
    }

    public int size() {
        return byHash.size();
    }

    /** These keys plus {@code key} (plain text, hashed here) named {@code name}. */
    public ApiKeys with(String name, Set<Role> roles, String key) {
        var copy = new HashMap<>(byHash);
        copy.put(hash(key), new ApiKey(name, Set.copyOf(roles)));
        return new ApiKeys(copy);
    }

    /** Parses a key file; every bad line is reported in one exception. */
    public static ApiKeys fromFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("serving.api-keys-file " + file + " cannot be read: " + e.getMessage(), e);
        }
        var keys = new HashMap<String, ApiKey>();
        var problems = new ArrayList<String>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 3 || !parts[2].matches("(?i)[0-9a-f]{64}")) {
                problems.add(file + ":" + (i + 1) + ": expected 'name roles sha256-hex', got '" + line + "'");
                continue;
            }
            try {
                keys.put(parts[2].toLowerCase(Locale.ROOT), new ApiKey(parts[0], roles(parts[1], ",")));
            } catch (IllegalArgumentException e) {
                problems.add(file + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return new ApiKeys(keys);
    }

    /** Parses the {@code LIVEPULSE_SECRET_API_KEYS} value: {@code name:roles:key;name:roles:key}. */
    public ApiKeys withSecret(String secret) {
        var result = this;
        for (String entry : secret.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.strip().split(":", 3);
            if (parts.length != 3 || parts[2].isBlank()) {
                throw new IllegalArgumentException(
                        "LIVEPULSE_SECRET_API_KEYS: expected name:roles:key entries separated by ';' (roles joined by '+')");
            }
            result = result.with(parts[0], roles(parts[1], "\\+"), parts[2]);
        }
        return result;
    }

    /** A line for the key file: the name, roles and the key's hash; the key itself is not in it. */
    public static String fileLine(String name, Set<Role> roles, String key) {
        var labels = roles.stream().map(Role::label).sorted().toList();
        return name + " " + String.join(",", labels) + " " + hash(key);
    }

    /** A fresh random key (32 bytes, hex, prefixed {@code lp_}). */
    public static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "lp_" + HexFormat.of().formatHex(bytes);
    }

    static Set<Role> roles(String raw, String separator) {
        var roles = EnumSet.noneOf(Role.class);
        for (String r : raw.split(separator)) {
            roles.add(Role.parse(r));
        }
        return roles;
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
