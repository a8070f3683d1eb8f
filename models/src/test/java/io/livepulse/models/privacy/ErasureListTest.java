package io.livepulse.models.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErasureListTest {
    static final String P1 = "0123456789abcdef0123456789abcdef";
    static final String P2 = "fedcba9876543210fedcba9876543210";

    @Test
    void holdsEachPseudonymOnceAcrossInstances(@TempDir Path data) throws Exception {
        var list = ErasureList.in(data);
        assertThat(list.all()).isEmpty();
        assertThat(list.add(P1)).isTrue();
        assertThat(list.add(P1)).isFalse();
        assertThat(ErasureList.in(data).add(P2)).isTrue();
        assertThat(ErasureList.in(data).all()).containsExactly(P1, P2);
        assertThat(Files.readAllLines(data.resolve(ErasureList.FILE))).containsExactly(P1, P2);
    }

    @Test
    void refusesAnythingButAPseudonymSoNoRawIdIsWritten(@TempDir Path data) {
        assertThatThrownBy(() -> ErasureList.in(data).add("alice@example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pseudonyms only");
        assertThat(Files.exists(data.resolve(ErasureList.FILE))).isFalse();
    }
}
