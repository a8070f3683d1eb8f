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
        assertThat(loaded.score("u1", List.of(), List.of("s1", "s2", "unknown")))
                .containsExactly(4.0, 7.0, Double.NEGATIVE_INFINITY);
        // unknown user: mean of the recent streamers' factors, (1, 2.25)
        assertThat(loaded.score("new", List.of("s1", "s2"), List.of("s1"))[0]).isCloseTo(3 + 0.5 * 2.25,
                within(1e-6));
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
        assertThat(read.score(List.of("b", "a"), List.of("a", "z"))[0]).isCloseTo(0.4, within(1e-6));
        assertThat(read.score(List.of("b", "a"), List.of("a", "z"))[1]).isEqualTo(Double.NEGATIVE_INFINITY);
        double[] p = read.probabilities(new int[] {1, 0});
        assertThat(p[0] + p[1]).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void contentScorerRanksTheStreamerWithTheClosestTextFirst() {
        var content = ContentScorer.build(new String[] {"speedrun mario retro", "cooking pasta italian",
            "mario kart retro racing", null});
        var q = new EvalInstance(0, new int[] {0}, new int[] {0}, 2, 10, false);
        double[] scores = new double[3];
        content.score(q, new int[] {1, 2, 3}, scores);
        assertThat(scores[1]).isGreaterThan(scores[0]);
        assertThat(scores[0]).isZero();
        assertThat(scores[2]).isZero();
    }
}
