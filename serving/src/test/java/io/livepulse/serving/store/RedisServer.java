package io.livepulse.serving.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;

/**
 * A real {@code redis-server} (Debian package) on a free port, for tests; no persistence, unless started with
 * {@link #startPersistent} (append-only file), which survives a stop and a start on the same port and directory. The
 * file is not fsynced per write: a stop is a SIGTERM, on which Redis flushes the file itself, and an fsync per write
 * can stretch the fault test past its 30 s waits on a slow CI disk.
 */
public final class RedisServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RedisServer start(Path dir) throws IOException, InterruptedException {
        return start(dir, freePort(), false);
    }

    /** A server that keeps its data in {@code dir} across a stop and a start with the same arguments. */
    public static RedisServer startPersistent(Path dir, int port) throws IOException, InterruptedException {
        return start(dir, port, true);
    }

    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static RedisServer start(Path dir, int port, boolean persistent) throws IOException, InterruptedException {
        var process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", persistent ? "yes" : "no", "--appendfsync", "no",
                "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log")
                        .toFile())).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (var s = new Socket("127.0.0.1", port)) {
                return new RedisServer(process, port);
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    process.destroy();
                    throw new IllegalStateException("redis-server did not start (apt-get install redis-server)", e);
                }
                Thread.sleep(50);
            }
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
