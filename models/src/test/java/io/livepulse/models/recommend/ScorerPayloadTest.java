package io.livepulse.models.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.livepulse.models.registry.ModelRegistry;
import io.livepulse.models.registry.RegistryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerPayloadTest {
    @Test
    void alsFactorsRoundTripThroughTheRegistryAndScoreByDotProduct(@TempDir Path dir) {
        var factors = new AlsFactors(2, new String[] {"u1"}, new float[] {1f, 2f}, new String[] {"s1", "s2"},
                new float[] {3f, 0.5f, -1f, 4f});
        var registry = new ModelRegistry(dir);
        var written = registry.write(new ModelRegistry.Draft("recommender-als", AlsFactors.KIND, Map.of(), Map.of(),
                Map.of()), d -> factors.write(d.resolve(AlsFactors.FILE)));
        var loaded = AlsFactors.load(registry.latest("recommender-als").orElseThrow());
        assertThat(loaded.rank()).isEqualTo(2);
        double[] scores = new double[3];
        assertThat(loaded.score("u1", List.of(), new String[] {"s1", "s2", "unknown"}, scores)).isTrue();
        assertThat(scores).containsExactly(4.0, 7.0, Double.NaN);
        // unknown user: the visit-weighted mean of their streamers' factors, (3*1 - 1*1, 0.5*1 + 4*1) / 2
        var history = List.of(new WatchedStreamer("s1", 1, 0, 1), new WatchedStreamer("s2", 1, 0, 2));
        assertThat(loaded.score("new", history, new String[] {"s1"}, scores)).isTrue();
        assertThat(scores[0]).isCloseTo(3 * 1 + 0.5 * 2.25, within(1e-6));
        // a user the model cannot place at all
        assertThat(loaded.score("new", List.of(new WatchedStreamer("zz", 1, 0, 1)), new String[] {"s1"}, scores))
                .isFalse();
        assertThat(written.manifest().files()).containsKey(AlsFactors.FILE);
    }

    @Test
    void aCorruptFactorFileIsRefused(@TempDir Path dir) throws Exception {
        var registry = new ModelRegistry(dir);
        var written = registry.write(new ModelRegistry.Draft("recommender-als", AlsFactors.KIND, Map.of(), Map.of(),
                Map.of()), d -> new AlsFactors(1, new String[] {"u"}, new float[] {1f}, new String[] {"s"},
                        new float[] {1f}).write(d.resolve(AlsFactors.FILE)));
        Files.write(written.dir().resolve(AlsFactors.FILE), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> AlsFactors.load(registry.latest("recommender-als").orElseThrow()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("checksum mismatch");
    }

    @Test
    void networkForwardPassMatchesAHandComputation(@TempDir Path dir) throws Exception {
        // vocab 2, hidden 1: h = relu(x0*1 + x1*(-1) + 0), logits = (h*2, h*(-2)) + (0, 1)
        var net = new NextStreamerNet(new String[] {"a", "b"}, 1, new float[] {1f, -1f}, new float[] {0f},
                new float[] {2f, -2f}, new float[] {0f, 1f});
        // recent: b then a (newest): x = (1, 0.8) -> h = 0.2 -> logits (0.4, 0.6)
        float[] logits = net.logits(new int[] {1, 0});
        assertThat(logits[0]).isCloseTo(0.4f, within(1e-6f));
        assertThat(logits[1]).isCloseTo(0.6f, within(1e-6f));
        Path file = dir.resolve(NextStreamerNet.FILE);
        net.write(file);
        var read = NextStreamerNet.read(file);
        // the same history as served: b once, then a once (the most recent)
        var history = List.of(new WatchedStreamer("b", 1, 0, 1), new WatchedStreamer("a", 1, 0, 2));
        double[] scores = new double[2];
        assertThat(read.score("u", history, new String[] {"a", "z"}, scores)).isTrue();
        assertThat(scores[0]).isCloseTo(0.4, within(1e-6));
        assertThat(scores[1]).isNaN();
        // visits weigh: a twice as the most recent -> x = (2, 0.8) -> h = 1.2 -> logit of a 2.4
        assertThat(net.logits(new int[] {1, 0, 0})[0]).isCloseTo(2.4f, within(1e-5f));
        double[] p = read.probabilities(new int[] {1, 0});
        assertThat(p[0] + p[1]).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void everyRecommenderKindLoadsThroughOneLookupWithItsRankerParameters(@TempDir Path dir) {
        var registry = new ModelRegistry(dir);
        var factors = new AlsFactors(1, new String[] {"u"}, new float[] {1f}, new String[] {"s"}, new float[] {1f});
        var blend = registry.write(new ModelRegistry.Draft("recommender-blend", AlsFactors.KIND, Map.of(),
                Map.of(RankerParams.MANIFEST_KEY, new RankerParams(3, true).asMap()), Map.of()),
                d -> factors.write(d.resolve(AlsFactors.FILE)));
        var ranker = Recommenders.load(blend);
        assertThat(ranker.name()).isEqualTo("recommender-blend");
        assertThat(ranker.params()).isEqualTo(new RankerParams(3, true));
        assertThat(ranker.model()).containsInstanceOf(AlsFactors.class);
        var repeat = registry.write(new ModelRegistry.Draft("recommender-repeat", Recommenders.MODEL_FREE_KIND,
                Map.of(), Map.of(RankerParams.MANIFEST_KEY, new RankerParams(1, false).asMap()), Map.of()),
                d -> Recommenders.writeModelFree(new RankerParams(1, false), d));
        assertThat(Recommenders.load(repeat).model()).isEmpty();
        var odd = registry.write(new ModelRegistry.Draft("recommender-x", "something/9", Map.of(), Map.of(), Map.of()),
                d -> Files.writeString(d.resolve("x"), "x"));
        assertThatThrownBy(() -> Recommenders.load(odd)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("unknown recommender kind 'something/9'").hasMessageContaining(AlsFactors.KIND);
    }
}
