package io.livepulse.models.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "太难吃了 | ZH",
        "哈哈 lol | ZH",
        "主播666 | ZH",
        "666 | EN",
        "😂😂 | EN",
        "PogChamp this is great | EN",
        "this stream is 垃圾 trash trash trash | EN",
        "'' | EN",
    })
    void routesByScript(String text, Language expected) {
        assertThat(Language.of(text)).isEqualTo(expected);
    }
}
