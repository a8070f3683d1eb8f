package io.livepulse.models.formula;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeedModelTest {
    @ParameterizedTest
    @CsvSource({"1.0,1024,1000,0.01", "2.0,4096,2000,0.012", "1.0,1,500,0.0"})
    void transmissionTermIsKTimesLog2VOverR(double k, double v, double r, double expected) {
        assertThat(SeedModel.transmissionTerm(k, v, r)).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest
    @CsvSource({"0,1000", "-5,1000", "3000,0", "3000,-1", "NaN,1000", "Infinity,1000"})
    void transmissionTermRefusesNonPositiveInputs(double v, double r) {
        assertThatThrownBy(() -> SeedModel.transmissionTerm(1, v, r)).isInstanceOf(IllegalArgumentException.class);
    }
}
