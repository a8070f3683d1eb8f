package io.livepulse.platform.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Submits a job jar to a Flink session cluster the way its web UI does, through the REST API: {@code POST
 * /jars/upload} (multipart), then {@code POST /jars/<id>/run} with the entry class and program arguments. The
 * job's {@code main()} then runs inside the JobManager, so every path it is given must be one the JobManager
 * sees. Also stops a job with a savepoint ({@code POST /jobs/<id>/stop}) and reads a job's state.
 */
public final class FlinkSubmission {
    private static final Pattern FILENAME = Pattern.compile("\"filename\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern JOB_ID = Pattern.compile("\"jobid\"\\s*:\\s*\"([0-9a-f]{32})\"");
    private static final Pattern REQUEST_ID = Pattern.compile("\"request-id\"\\s*:\\s*\"([^\"]+)\"");

    private final String restUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkSubmission(String restUrl) {
        this.restUrl = restUrl;
    }

    /** Uploads {@code jar}; returns the id the cluster gave it. */
    public String upload(Path jar) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no job jar at " + jar + ": build it with mvn -DskipTests package");
        }
        String boundary = "livepulse-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                List<InputStream> parts = List.of(new java.io.ByteArrayInputStream(head), Files.newInputStream(jar),
                        new java.io.ByteArrayInputStream(tail));
                return new SequenceInputStream(Collections.enumeration(parts));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        var request = HttpRequest.newBuilder(URI.create(restUrl + "/jars/upload")).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body).build();
        String answer = send(request, "upload " + jar.getFileName());
        var m = FILENAME.matcher(answer);
        if (!m.find()) {
            throw new IOException("Flink's jar upload answered without a file name: " + answer);
        }
        String filename = m.group(1);
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    /** Runs the uploaded jar's {@code entryClass} with {@code args}; returns the job id. */
    public String run(String jarId, String entryClass, List<String> args, Optional<String> savepoint)
            throws IOException, InterruptedException {
        var json = new StringBuilder("{\"entryClass\":").append(quote(entryClass)).append(",\"programArgsList\":[");
        var quoted = new ArrayList<String>();
        args.forEach(a -> quoted.add(quote(a)));
        json.append(String.join(",", quoted)).append(']');
        savepoint.ifPresent(path -> json.append(",\"savepointPath\":").append(quote(path)));
        json.append('}');
        var request = HttpRequest.newBuilder(URI.create(restUrl + "/jars/" + jarId + "/run"))
                .timeout(Duration.ofMinutes(3)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.toString())).build();
        String answer = send(request, "run " + entryClass);
        var m = JOB_ID.matcher(answer);
        if (!m.find()) {
            throw new IOException("Flink's jar run answered without a job id: " + answer);
        }
        return m.group(1);
    }

    /** The job's state: RUNNING, FAILED, FINISHED, ... */
    public String state(String jobId) throws IOException, InterruptedException {
        String answer = send(HttpRequest.newBuilder(URI.create(restUrl + "/jobs/" + jobId))
                .timeout(Duration.ofSeconds(10)).GET().build(), "state of " + jobId);
        var m = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"").matcher(answer);
        return m.find() ? m.group(1) : "UNKNOWN";
    }

    /** Stops the job with a savepoint under {@code directory} and returns the savepoint's location. */
    public String stopWithSavepoint(String jobId, String directory) throws IOException, InterruptedException {
        String body = "{\"targetDirectory\":" + quote(directory) + ",\"drain\":false}";
        String answer = send(HttpRequest.newBuilder(URI.create(restUrl + "/jobs/" + jobId + "/stop"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), "stop " + jobId);
        var m = REQUEST_ID.matcher(answer);
        if (!m.find()) {
            throw new IOException("Flink's stop answered without a trigger id: " + answer);
        }
        String trigger = m.group(1);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            String status = send(HttpRequest.newBuilder(URI.create(restUrl + "/jobs/" + jobId + "/savepoints/"
                    + trigger)).timeout(Duration.ofSeconds(10)).GET().build(), "savepoint status");
            if (status.contains("\"COMPLETED\"")) {
                var location = Pattern.compile("\"location\"\\s*:\\s*\"([^\"]+)\"").matcher(status);
                if (location.find()) {
                    return location.group(1);
                }
                throw new IOException("savepoint of " + jobId + " failed: " + status);
            }
            Thread.sleep(500);
        }
        throw new IOException("savepoint of " + jobId + " not complete after 5 minutes");
    }

    private String send(HttpRequest request, String what) throws IOException, InterruptedException {
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Flink REST " + what + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static String quote(String s) {
        var out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
