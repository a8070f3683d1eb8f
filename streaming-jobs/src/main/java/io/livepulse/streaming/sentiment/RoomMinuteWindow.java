package io.livepulse.streaming.sentiment;

import java.util.List;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Stamps the aggregate of a room-minute with its room and window bounds. */
public final class RoomMinuteWindow
        extends ProcessWindowFunction<RoomMinuteAggregator.Acc, RoomMinute, String, TimeWindow> {
    private final int topTerms;

    public RoomMinuteWindow(int topTerms) {
        this.topTerms = topTerms;
    }

    @Override
    public void process(String roomId, Context ctx, Iterable<RoomMinuteAggregator.Acc> aggregates,
            Collector<RoomMinute> out) {
        for (var acc : aggregates) {
            out.collect(new RoomMinute(roomId, ctx.window().getStart(), ctx.window().getEnd(), acc.messages,
                    acc.negatives, acc.messages == 0 ? 0 : acc.scoreSum / acc.messages, acc.topTerms(topTerms),
                    List.copyOf(acc.samples), acc.topic().name()));
        }
    }
}
