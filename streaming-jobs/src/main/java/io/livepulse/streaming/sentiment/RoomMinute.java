package io.livepulse.streaming.sentiment;

import io.livepulse.schemas.feature.RoomSentiment;
import java.util.List;

/** One room's chat over one minute, with the negative messages kept as evidence. */
public record RoomMinute(String roomId, long windowStartMs, long windowEndMs, int messages, int negativeMessages,
        double meanScore, List<String> topNegativeTerms, List<String> sampleNegativeMessages, String topic) {

    public RoomSentiment toRoomSentiment() {
        return RoomSentiment.newBuilder()
                .setRoomId(roomId)
                .setWindowStartMs(windowStartMs)
                .setWindowEndMs(windowEndMs)
                .setMessages(messages)
                .setNegativeMessages(negativeMessages)
                .setNegativeShare(messages == 0 ? 0 : (double) negativeMessages / messages)
                .setMeanScore(meanScore)
                .setTopNegativeTerms(topNegativeTerms)
                .build();
    }
}
