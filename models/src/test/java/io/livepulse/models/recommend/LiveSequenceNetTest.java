package io.livepulse.models.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveSequenceNetTest {
    static final int DIM = 4;
    static final int DENSE = 3;

    static LiveSequenceNet random(String[] vocab, long seed) {
        var r = new Random(seed);
        int v = vocab.length + LiveSequenceNet.FIRST_STREAMER;
        return new LiveSequenceNet(vocab, DIM, DENSE, floats(r, v * DIM), floats(r, 4 * DIM * DIM),
                floats(r, 4 * DIM * DIM), floats(r, 4 * DIM), floats(r, v * DIM),
                floats(r, (2 * DIM + LiveSequenceNet.FEATURES) * DENSE), floats(r, DENSE), floats(r, DENSE), 0.1f);
    }

    static float[] floats(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    static final List<WatchedStreamer> HISTORY = List.of(new WatchedStreamer("a", 3, 0, 100),
            new WatchedStreamer("b", 1, 0, 300), new WatchedStreamer("zz", 1, 0, 200));

    @Test
    void inputsAreTheRecencyOrderedSequenceAndTheRepeatAndAvailabilityFeatures() {
        var index = LiveSequenceNet.indexOf(new String[] {"a", "b", "c"});
        var sorted = LiveSequenceNet.byRecency(HISTORY);
        assertThat(sorted).extracting(WatchedStreamer::streamerId).containsExactly("a", "zz", "b");
        int[] seq = LiveSequenceNet.sequence(sorted, index);
        int[] expected = new int[LiveSequenceNet.SEQUENCE_LENGTH];
        expected[13] = 2; // a
        expected[14] = LiveSequenceNet.UNKNOWN; // zz
        expected[15] = 3; // b, the most recent
        assertThat(seq).containsExactly(expected);

        float[] f = new float[2 * LiveSequenceNet.FEATURES];
        LiveSequenceNet.features(sorted, 0, 2 * 3_600_000L, f, 0); // a: watched 3 times, oldest of 3, live 2 h
        LiveSequenceNet.features(sorted, -1, LiveCandidate.UNKNOWN_AGE, f, LiveSequenceNet.FEATURES);
        assertThat(Arrays.copyOf(f, 6)).containsExactly(1f, (float) Math.log1p(3), 1f / 3, 0f, 1f,
                (float) Math.log1p(2));
        assertThat(Arrays.copyOfRange(f, 6, 12)).containsOnly(0f);
    }

    @Test
    void repeatAndStreamAgeChangeTheScore() {
        var net = random(new String[] {"a", "b", "c"}, 3);
        String[] streamers = {"c", "c"};
        double[] scores = new double[2];
        var young = new LiveCandidate("r1", "c", null, 0, 0);
        var old = new LiveCandidate("r2", "c", null, 0, 48 * 3_600_000L);
        assertThat(net.score("u", HISTORY, List.of(young, old), streamers, scores)).isTrue();
        assertThat(scores[0]).isNotEqualTo(scores[1]);
        double[] watched = new double[1];
        double[] unwatched = new double[1];
        var withC = List.of(HISTORY.get(0), HISTORY.get(1), new WatchedStreamer("c", 2, 0, 50));
        net.score("u", withC, List.of(young), new String[] {"c"}, watched);
        net.score("u", HISTORY, List.of(young), new String[] {"c"}, unwatched);
        assertThat(watched[0]).isNotEqualTo(unwatched[0]);
        assertThat(net.score("u", List.of(), List.of(young), new String[] {"c"}, scores)).isFalse();
    }

    @Test
    void roundTripsThroughTheRegistryAndLoadsByKind(@TempDir Path dir) {
        var net = random(new String[] {"a", "b", "c"}, 5);
        var registry = new ModelRegistry(dir);
        registry.write(new ModelRegistry.Draft("recommender-test-sequence", LiveSequenceNet.KIND, Map.of(),
                Map.of(RankerParams.MANIFEST_KEY, new RankerParams(2, false).asMap()), Map.of()),
                d -> net.write(d.resolve(LiveSequenceNet.FILE)));
        LiveRoomRanker ranker = Recommenders.load(registry.latest("recommender-test-sequence").orElseThrow());
        assertThat(ranker.params().repeatWeight()).isEqualTo(2);
        var live = List.of(new LiveCandidate("r1", "a", null, 0, 0), new LiveCandidate("r2", "c", null, 0, 60_000));
        double[] expected = new double[2];
        net.score("u", HISTORY, live, new String[] {"a", "c"}, expected);
        var scored = ranker.score(new LiveRoomRanker.Query("u", HISTORY, live, s -> null));
        var top = ranker.rank(new LiveRoomRanker.Query("u", HISTORY, live, s -> null), 2);
        // a's score is the model's plus 2 x repeat (3 visits + 1/4 for the oldest of three)
        assertThat(top).filteredOn(r -> r.streamerId().equals("a")).singleElement()
                .satisfies(r -> assertThat(r.score()).isCloseTo(expected[0] + 2 * 3.25,
                        org.assertj.core.api.Assertions.within(1e-9)));
        assertThat(scored.size()).isEqualTo(2);
    }

    @Test
    void corruptOrMismatchedExportsFailWithAClearError(@TempDir Path dir) throws Exception {
        var net = random(new String[] {"a", "b"}, 9);
        Path good = dir.resolve("good.bin");
        net.write(good);
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = dir.resolve("truncated.bin");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 10));
        assertThatThrownBy(() -> LiveSequenceNet.read(truncated)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("truncated live sequence network export");

        Path trailing = dir.resolve("trailing.bin");
        Files.write(trailing, Arrays.copyOf(bytes, bytes.length + 4));
        assertThatThrownBy(() -> LiveSequenceNet.read(trailing)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("trailing bytes");

        Path otherFeatures = dir.resolve("features.bin");
        byte[] changed = bytes.clone();
        changed[23] = 5; // the feature count, the sixth int of the header
        Files.write(otherFeatures, changed);
        assertThatThrownBy(() -> LiveSequenceNet.read(otherFeatures)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("scores 5 candidate features, this build computes 6");

        Path mlp = dir.resolve("mlp.bin");
        new NextStreamerNet(new String[] {"a"}, 1, new float[] {1f}, new float[] {0f}, new float[] {1f},
                new float[] {0f}).write(mlp);
        assertThatThrownBy(() -> LiveSequenceNet.read(mlp)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("is not a live sequence network export");

        Path version = dir.resolve("version.bin");
        try (var out = new DataOutputStream(Files.newOutputStream(version))) {
            out.write(bytes, 0, 4);
            out.writeInt(99);
        }
        assertThatThrownBy(() -> LiveSequenceNet.read(version)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("export format 99, this build reads format 1");

        // a sequence payload under the MLP's kind is refused by kind, not misread
        var registry = new ModelRegistry(dir.resolve("registry"));
        registry.write(new ModelRegistry.Draft("recommender-x", NextStreamerNet.KIND, Map.of(), Map.of(), Map.of()),
                d -> net.write(d.resolve(LiveSequenceNet.FILE)));
        assertThatThrownBy(() -> Recommenders.load(registry.latest("recommender-x").orElseThrow()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("has no file " + NextStreamerNet.FILE);
    }
}
