package io.livepulse.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.livepulse.platform.testing.KafkaBrokerExtension;
import io.livepulse.serving.auth.ApiKeys;
import io.livepulse.serving.auth.Role;
import io.livepulse.serving.model.LexiconModel;
import io.livepulse.serving.model.ScoresModel;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the server while a dashboard is connected (the browser test's teardown once hung here for good). */
class ServingShutdownITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final String OPERATOR = "operator-key";

    @Test
    void closeReturnsWhileADashboardStreamIsOpen(@TempDir Path dir) throws Exception {
        var config = ServingFixture.config(KAFKA.bootstrapServers(), dir.resolve("data"), Map.of());
        var keys = ApiKeys.none().with("operator", Set.of(Role.OPERATOR), OPERATOR);
        var server = ServingServer.start(config, keys, ScoresModel.LOADER, LexiconModel.LOADER, Clock.systemUTC());
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/dashboard/stream"))
                .header("X-Api-Key", OPERATOR).header("Accept", "text/event-stream").build();
        var stream = ServingFixture.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        ServingFixture.await("the dashboard stream", () -> server.feed().clients() == 1);

        assertTimeoutPreemptively(Duration.ofSeconds(30), server::close);

        assertThat(server.feed().clients()).isZero();
        stream.cancel(true);
    }
}
