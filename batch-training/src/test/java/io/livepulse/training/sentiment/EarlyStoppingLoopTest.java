package io.livepulse.training.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EarlyStoppingLoopTest {

    private static EarlyStoppingLoop.Trainee lengths(int[] len) {
        return new EarlyStoppingLoop.Trainee() {
            @Override
            public double fit(List<Integer> batch) {
                return 0;
            }

            @Override
            public double validationAccuracy() {
                return 0;
            }

            @Override
            public int length(int index) {
                return len[index];
            }
        };
    }

    @Test
    void bucketingKeepsEveryExampleOnceAndGroupsSimilarLengths() {
        int n = 1003;
        int batch = 10;
        var rnd = new Random(5);
        int[] len = IntStream.range(0, n).map(i -> 1 + rnd.nextInt(60)).toArray();
        var order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        java.util.Collections.shuffle(order, new Random(1));
        EarlyStoppingLoop.bucket(order, batch, lengths(len), new Random(2));
        assertThat(order).hasSize(n).doesNotHaveDuplicates();
        long spreadBucketed = 0;
        for (int from = 0; from < n; from += batch) {
            var b = order.subList(from, Math.min(n, from + batch));
            spreadBucketed += b.stream().mapToInt(i -> len[i]).max().orElseThrow()
                    - b.stream().mapToInt(i -> len[i]).min().orElseThrow();
        }
        assertThat(spreadBucketed / (n / batch)).as("mean max-min length within a batch").isLessThan(5);
        var lastBatch = order.subList(n - n % batch, n);
        assertThat(lastBatch).hasSize(3);
    }
}
