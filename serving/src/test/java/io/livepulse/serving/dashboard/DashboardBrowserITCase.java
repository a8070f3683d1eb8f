package io.livepulse.serving.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.platform.config.Settings;
import io.livepulse.platform.kafka.AvroSerde;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.platform.testing.KafkaBrokerExtension;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.SentimentAlert;
import io.livepulse.serving.ServingConfig;
import io.livepulse.serving.ServingServer;
import io.livepulse.serving.auth.ApiKeys;
import io.livepulse.serving.auth.DashboardSessions;
import io.livepulse.serving.auth.Role;
import io.livepulse.serving.model.ModelKinds;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operators' dashboard in real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * fed by records produced to the embedded broker while the page is open. Screenshot:
 * {@code serving/target/dashboard.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final String OPERATOR = "operator-key";
    static final String PLATFORM = "platform-key";

    ServingServer server;
    KafkaProducer<String, SpecificRecord> producer;
    ScheduledExecutorService traffic;
    ChromeDriver browser;
    TopicCatalog topics;
    final AtomicInteger tick = new AtomicInteger();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        var config = ServingConfig.from(Settings.of(Map.of("kafka.bootstrap-servers", KAFKA.bootstrapServers(),
                "kafka.partitions", "1", "data.dir", dir.resolve("data").toString(), "serving.port", "0",
                "serving.host", "127.0.0.1", "serving.dashboard-period", "300ms", "serving.demo-mode", "true")));
        topics = TopicCatalog.of(config.platform());
        var keys = ApiKeys.none().with("ops", Set.of(Role.OPERATOR), OPERATOR)
                .with("app", Set.of(Role.PLATFORM), PLATFORM);
        server = ServingServer.start(config, keys, ModelKinds.recommenders(), ModelKinds.sentiment(),
                Clock.systemUTC());
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(props, new StringSerializer(), new AvroSerde.RecordSerializer());
        traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(this::produceWindow, 0, 250, TimeUnit.MILLISECONDS);

        var options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    void produceWindow() {
        int t = tick.incrementAndGet();
        long now = System.currentTimeMillis();
        for (int r = 1; r <= 3; r++) {
            var m = RoomMetrics.newBuilder().setRoomId("room-" + r).setWindowStartMs(now - 10_000).setWindowEndMs(now)
                    .setConcurrentViewers(100 * r + (t * 7 * r) % 50).setNewViewers(3).setAvgWatchTimeMs(60_000.0 * r)
                    .setAvgInteractionsPerMinute(1.5 * r).setInteractions(20).setGiftRevenueMinor(100L * t % 900)
                    .setOrderRevenueMinor(250).setNewSubscriptions(t % 3).setAdImpressions(200).setAdClicks(t % 9)
                    .setCtr((t % 9) / 200.0).setProductClicks(2).setOrders(1).setConversion(0.5)
                    .setTrendingScore(r + (t % 5) / 10.0).setCategory("games").build();
            producer.send(new ProducerRecord<>(topics.roomMetrics(), m.getRoomId(), m));
        }
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (traffic != null) {
            traffic.shutdownNow();
        }
        if (producer != null) {
            producer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.port() + "/dashboard";
    }

    WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    @Test
    void withoutAKeyTheLoginPromptShowsAndRejectsBadKeys() {
        browser.get(url());
        browser.manage().deleteAllCookies();
        browser.navigate().refresh();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();

        browser.findElement(By.id("key")).sendKeys("not-a-key");
        browser.findElement(By.id("login-button")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("login-error"), "Unknown key."));

        browser.findElement(By.id("key")).clear();
        browser.findElement(By.id("key")).sendKeys(PLATFORM);
        browser.findElement(By.id("login-button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"),
                "not an operator key"));
        assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();
        assertThat(browser.manage().getCookieNamed(DashboardSessions.COOKIE)).isNull();
    }

    @Test
    void theFormLogsInWithASessionCookieAndNoKeyEverAppearsInAUrl() {
        browser.get(url());
        browser.manage().deleteAllCookies();
        browser.navigate().refresh();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        browser.findElement(By.id("key")).sendKeys(OPERATOR);
        browser.findElement(By.id("login-button")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("dashboard")));
        waiting().until(d -> ((Number) js("return window.lp.snapshots")).intValue() >= 1);

        assertSessionCookieOnly();
        // the session outlives a reload: the page opens without asking again
        browser.navigate().refresh();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("dashboard")));
        waiting().until(d -> ((Number) js("return window.lp.snapshots")).intValue() >= 1);
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".concat([location.href])");
        assertThat(urls).isNotEmpty().noneMatch(u -> u.contains(OPERATOR) || u.contains("key="));
    }

    @Test
    void aLoginLinkWorksOnceAndLeavesNoTokenInTheAddressBar() {
        browser.get(url());
        browser.manage().deleteAllCookies();
        browser.get("about:blank");
        String token = server.dashboardLoginToken(OPERATOR);
        browser.get(url() + "#login=" + token);
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("dashboard")));
        assertThat(browser.getCurrentUrl()).isEqualTo(url());
        assertSessionCookieOnly();

        browser.manage().deleteAllCookies();
        browser.get(url() + "#login=" + token);
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"),
                "already used or has expired"));
        assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();
    }

    /** The session is an HttpOnly, SameSite=Strict cookie that scripts cannot read, and the stream URL has no key. */
    void assertSessionCookieOnly() {
        var cookie = browser.manage().getCookieNamed(DashboardSessions.COOKIE);
        assertThat(cookie).isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getValue()).doesNotContain(OPERATOR);
        assertThat((String) js("return document.cookie")).doesNotContain(DashboardSessions.COOKIE);
        assertThat((String) js("return window.lp.source.url")).endsWith("/v1/dashboard/stream");
        assertThat((String) js("return JSON.stringify(sessionStorage) + JSON.stringify(localStorage)"))
                .doesNotContain(OPERATOR);
    }

    @Test
    void chartsFillAndMoveAsRecordsFlowAndAPlantedAlertAppears() throws Exception {
        browser.get(url());
        browser.manage().deleteAllCookies();
        browser.get(url() + "#login=" + server.dashboardLoginToken(OPERATOR));
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("dashboard")));
        waiting().until(d -> ((Number) js("return window.lp.snapshots")).intValue() >= 3
                && ((Number) js("return window.lp.charts.ccu.data.datasets[0].data.at(-1) || 0")).intValue() > 0);

        @SuppressWarnings("unchecked")
        List<String> rooms = (List<String>) js("return window.lp.charts.trending.data.labels");
        assertThat(rooms).containsExactlyInAnyOrder("room-1", "room-2", "room-3");
        assertThat((List<?>) js("return window.lp.charts.wi.data.datasets[0].data")).hasSize(3);
        String before = (String) js("return JSON.stringify(window.lp.charts.ccu.data.datasets[0].data)");
        int pointsBefore = ((Number) js("return window.lp.charts.ccu.data.labels.length")).intValue();
        waiting().until(d -> ((Number) js("return window.lp.charts.ccu.data.labels.length")).intValue()
                >= pointsBefore + 3);
        String after = (String) js("return JSON.stringify(window.lp.charts.ccu.data.datasets[0].data)");
        assertThat(after).isNotEqualTo(before);
        assertThat(browser.findElement(By.id("kpi-rooms")).getText()).isEqualTo("3");

        assertThat(browser.findElements(By.cssSelector(".alert"))).isEmpty();
        long now = System.currentTimeMillis();
        var alert = SentimentAlert.newBuilder().setAlertId("planted-1").setRoomId("room-2")
                .setWindowStartMs(now - 60_000).setWindowEndMs(now).setMessages(80).setNegativeMessages(50)
                .setNegativeShare(0.625).setBaselineShare(0.1).setZScore(6.2).setTopNegativeTerms(List.of("退钱"))
                .setSampleMessages(List.of("主播退钱")).setRaisedTimeMs(now).build();
        producer.send(new ProducerRecord<>(topics.sentimentAlerts(), "room-2", alert)).get();
        var shown = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".alert[data-alert-id='planted-1']")));
        assertThat(shown.getText()).contains("room-2").contains("退钱").contains("63% negative");
        assertThat(browser.findElement(By.id("kpi-alerts")).getText()).isEqualTo("1");

        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }
}
