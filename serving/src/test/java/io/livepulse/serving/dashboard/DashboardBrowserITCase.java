package io.livepulse.serving.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.livepulse.platform.config.Settings;
import io.livepulse.platform.kafka.AvroSerde;
import io.livepulse.platform.kafka.TopicCatalog;
import io.livepulse.platform.testing.KafkaBrokerExtension;
import io.livepulse.schemas.feature.RoomMetrics;
import io.livepulse.schemas.feature.SentimentAlert;
import io.livepulse.schemas.feature.UserRoomFeatures;
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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operators' dashboard in real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * fed by records produced to the embedded broker while the page is open. Screenshots: {@code
 * serving/target/dashboard.png} and {@code serving/target/dashboard-room.png}.
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
        for (int u = 1; u <= 3; u++) {
            String viewer = "%032x".formatted(u * 7919L); // what the collector's pseudonyms look like
            var f = UserRoomFeatures.newBuilder().setUserId(viewer).setRoomId("room-2").setWatchTimeMs(u * 120_000L)
                    .setSessions(1).setInteractions(4).setInteractionsPerMinute(0.5 * u).setGiftCount(0)
                    .setGiftValueMinor(0).setTransmissionTerm(0.0).setMeanBitrateKbps(2_500.0).setMeanBandwidthKbps(8_000.0)
                    .setFirstEventTimeMs(System.currentTimeMillis() - u * 120_000L)
                    .setLastEventTimeMs(System.currentTimeMillis()).build();
            producer.send(new ProducerRecord<>(topics.userRoomFeatures(), viewer + "/room-2", f)).get();
        }
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
        // the alert list and the rooms table are redrawn as events arrive: an element found may be replaced
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(20))
                .ignoring(StaleElementReferenceException.class);
    }

    /** Clicks in the page's own thread (no window between finding the element and clicking it). */
    void click(String css) {
        js("document.querySelector(\"" + css + "\").click()");
    }

    String text(String css) {
        return (String) js("return document.querySelector(\"" + css + "\").innerText");
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

        assertThat(browser.findElements(By.cssSelector(".alert[data-alert-id='planted-1']"))).isEmpty();
        int openBefore = Integer.parseInt(browser.findElement(By.id("kpi-alerts")).getText());
        long now = System.currentTimeMillis();
        var alert = SentimentAlert.newBuilder().setAlertId("planted-1").setRoomId("room-2")
                .setWindowStartMs(now - 60_000).setWindowEndMs(now).setMessages(80).setNegativeMessages(50)
                .setNegativeShare(0.625).setBaselineShare(0.1).setZScore(6.2).setTopNegativeTerms(List.of("退钱"))
                .setSampleMessages(List.of("主播退钱")).setRaisedTimeMs(now).build();
        producer.send(new ProducerRecord<>(topics.sentimentAlerts(), "room-2", alert)).get();
        var shown = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".alert[data-alert-id='planted-1']")));
        assertThat(shown.getText()).contains("room-2").contains("退钱").contains("63% negative");
        assertThat(browser.findElement(By.id("kpi-alerts")).getText()).isEqualTo(String.valueOf(openBefore + 1));

        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    void openDashboard() {
        browser.get(url());
        browser.manage().deleteAllCookies();
        browser.get(url() + "#login=" + server.dashboardLoginToken(OPERATOR));
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("dashboard")));
    }

    int number(String script) {
        return ((Number) js(script)).intValue();
    }

    @Test
    void afterAReloadTheChartsStillHoldTheEarlierPoints() {
        openDashboard();
        waiting().until(d -> number("return window.lp.charts.ccu.data.labels.length") >= 8);
        int before = number("return window.lp.charts.ccu.data.labels.length");
        @SuppressWarnings("unchecked")
        var earlier = (List<String>) js("return window.lp.charts.ccu.data.labels.slice(0, 5)");

        browser.navigate().refresh();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("dashboard")));
        waiting().until(d -> number("return window.lp.snapshots") >= 1);
        // drawn from /v1/dashboard/history before the first live snapshot: without it a fresh page has 1 point
        assertThat(number("return window.lp.historyPoints")).isGreaterThanOrEqualTo(before);
        assertThat(number("return window.lp.charts.ccu.data.labels.length")).isGreaterThanOrEqualTo(before);
        @SuppressWarnings("unchecked")
        var labels = (List<String>) js("return window.lp.charts.ccu.data.labels");
        assertThat(labels).containsAll(earlier);
        assertThat(number("return window.lp.charts.rooms.data.datasets[0].data.at(-1)")).isEqualTo(3);
        assertThat(number("return window.lp.charts.revenue.data.datasets[1].data.length")).isGreaterThanOrEqualTo(before);
    }

    @Test
    void theRoomsTableSortsByAColumnAndItsRoomNameOpensTheRoomPage() throws Exception {
        openDashboard();
        waiting().until(d -> browser.findElements(By.cssSelector("#rooms-table tbody tr")).size() == 3);
        click("#rooms-table th[data-key='roomId']");
        assertThat(rowRooms()).containsExactly("room-1", "room-2", "room-3");
        click("#rooms-table th[data-key='roomId']");
        assertThat(rowRooms()).containsExactly("room-3", "room-2", "room-1");
        click("#rooms-table th[data-key='watchMinutes']");
        assertThat(rowRooms()).containsExactly("room-3", "room-2", "room-1"); // W = 3, 2, 1 minutes
        click("#rooms-table th[data-key='watchMinutes']");
        assertThat(rowRooms()).containsExactly("room-1", "room-2", "room-3");
        // room-1 never gets an alert in this class; the others may (the tests share one server)
        assertThat(text("#rooms-table tr[data-room-id='room-1'] .flag"))
                .isEqualTo("ok");

        click("#rooms-table tr[data-room-id='room-2'] a.room-link");
        waiting().until(d -> d.getCurrentUrl().endsWith("/dashboard/rooms/room-2"));
        waiting().until(d -> number("return window.lp.loads || 0") >= 1
                && number("return window.lp.charts.ccu.data.datasets[0].data.length") >= 3);
        assertThat(browser.findElement(By.id("room-id")).getText()).isEqualTo("room-2");
        for (String chart : List.of("ccu", "wi", "revenue", "rates", "commerce")) {
            assertThat(number("return window.lp.charts." + chart + ".data.datasets[0].data.length"))
                    .as(chart).isGreaterThanOrEqualTo(3);
        }
        @SuppressWarnings("unchecked")
        var ccu = (List<Number>) js("return window.lp.charts.ccu.data.datasets[0].data.map(p => p.y)");
        assertThat(ccu).allSatisfy(v -> assertThat(v.intValue()).isBetween(200, 250)); // room-2: 200 + (14 t) % 50
        var viewers = browser.findElements(By.cssSelector("#viewers tbody td.pseudonym"));
        assertThat(viewers).extracting(e -> e.getText()).containsExactly("%032x".formatted(3 * 7919L),
                "%032x".formatted(2 * 7919L), "%032x".formatted(7919L));

        Path shot = Path.of("target", "dashboard-room.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }

    @SuppressWarnings("unchecked")
    List<String> rowRooms() {
        return (List<String>) js("return [...document.querySelectorAll('#rooms-table tbody tr')]"
                + ".map(tr => tr.dataset.roomId)");
    }

    @Test
    void anOperatorAcknowledgesThenResolvesAnAlertAndItLeavesTheTop() throws Exception {
        openDashboard();
        long now = System.currentTimeMillis();
        for (String id : List.of("triage-old", "triage-new")) {
            var alert = SentimentAlert.newBuilder().setAlertId(id).setRoomId("room-3").setWindowStartMs(now - 60_000)
                    .setWindowEndMs(now).setMessages(40).setNegativeMessages(30).setNegativeShare(0.75)
                    .setBaselineShare(0.1).setZScore(5.0).setTopNegativeTerms(List.of("scam"))
                    .setSampleMessages(List.of("this is a scam")).setRaisedTimeMs(now + (id.endsWith("new") ? 1 : 0))
                    .setTopic("refund").build();
            producer.send(new ProducerRecord<>(topics.sentimentAlerts(), "room-3", alert)).get();
        }
        String item = ".alert[data-alert-id='triage-new']";
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(item + " button.acknowledge")));
        click(item + " button.acknowledge");
        waiting().until(ExpectedConditions.attributeToBe(By.cssSelector(item), "data-status", "acknowledged"));
        assertThat(text(item)).contains("acknowledged by ops");
        assertThat(server.feed().triage().state("triage-new").acknowledgedBy()).isEqualTo("ops");
        // the stream tells other open pages: a second page sees the acknowledgement after a reload
        browser.navigate().refresh();
        waiting().until(ExpectedConditions.attributeToBe(By.cssSelector(item), "data-status", "acknowledged"));

        click(item + " button.resolve");
        waiting().until(ExpectedConditions.attributeToBe(By.cssSelector(item), "data-status", "resolved"));
        assertThat(text(item)).contains("resolved by ops");
        assertThat(browser.findElements(By.cssSelector(item + " button"))).isEmpty();
        @SuppressWarnings("unchecked")
        var order = (List<String>) js("return [...document.querySelectorAll('#alerts .alert')].map(a => a.dataset.status)");
        // unresolved alerts stay at the top
        assertThat(order.indexOf("resolved")).isGreaterThan(order.lastIndexOf("open"));
        assertThat(order.subList(order.indexOf("resolved"), order.size())).containsOnly("resolved");

        browser.get("http://127.0.0.1:" + server.port() + "/dashboard/rooms/room-3");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                ".alert[data-alert-id='triage-old'] button.acknowledge")));
        assertThat(text(".alert[data-alert-id='triage-new']"))
                .contains("topic: refund").contains("resolved by ops");
        assertThat(number("return window.lp.charts.chat.data.datasets[2].data.length")).isGreaterThanOrEqualTo(2);
        click(".alert[data-alert-id='triage-old'] button.acknowledge");
        waiting().until(ExpectedConditions.attributeToBe(By.cssSelector(".alert[data-alert-id='triage-old']"),
                "data-status", "acknowledged"));
    }
}
