package io.livepulse.platform.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the Prometheus tests need around them: the shipped ops files, Debian's binaries and a free loopback port. */
public final class OpsTooling {
    private OpsTooling() {}

    /** {@code ops/prometheus} of the checkout the tests run in (found upwards from the working directory). */
    public static Path prometheusOps() {
        Path at = Path.of("").toAbsolutePath();
        while (at != null && !Files.isDirectory(at.resolve("ops").resolve("prometheus"))) {
            at = at.getParent();
        }
        if (at == null) {
            throw new IllegalStateException("no ops/prometheus above " + Path.of("").toAbsolutePath());
        }
        return at.resolve("ops").resolve("prometheus");
    }

    /** The executable {@code name} on the PATH, or null when it is not installed. */
    public static Path onPath(String name) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(entry, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** A port nothing listens on now, on the loopback address. */
    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
