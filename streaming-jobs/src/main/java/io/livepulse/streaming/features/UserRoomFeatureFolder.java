package io.livepulse.streaming.features;

import io.livepulse.models.features.SeedObservations;
import io.livepulse.models.features.UserRoomTotals;
import io.livepulse.schemas.feature.UserRoomFeatures;
import io.livepulse.schemas.feature.WatchSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/**
 * Folds each user-room's sessions (keyed by room, a namespace per user) into its {@link UserRoomFeatures} and emits
 * them after every session. A session that overlaps stored ones is an amendment (a late event re-fired or merged
 * session windows): it replaces them, and their fit observations are withdrawn on {@link #FIT_OBSERVATIONS}. State
 * is cleared {@code retention} of event time after the last session ends.
 */
public final class UserRoomFeatureFolder extends PerUserOperator<WatchSession, UserRoomFeatures> {
    public static final OutputTag<FitObservation> FIT_OBSERVATIONS =
            new OutputTag<>("fit-observations", FitObservationSerializer.TYPE);

    private final Duration retention;
    private transient MapState<Long, WatchSession> sessions;
    private transient ValueState<Long> cleanupAt;

    public UserRoomFeatureFolder(Duration retention) {
        this.retention = retention;
    }

    @Override
    protected void openUser() throws Exception {
        sessions = userState(new MapStateDescriptor<>("sessions", Types.LONG, new AvroTypeInfo<>(WatchSession.class)));
        cleanupAt = userState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
    }

    @Override
    protected String userOf(WatchSession session) {
        return session.getUserId();
    }

    @Override
    protected void process(WatchSession session) throws Exception {
        var replaced = new ArrayList<Long>();
        for (Map.Entry<Long, WatchSession> e : sessions.entries()) {
            WatchSession old = e.getValue();
            if (old.getStartTimeMs() <= session.getEndTimeMs() && old.getEndTimeMs() >= session.getStartTimeMs()) {
                replaced.add(e.getKey());
                emit(FIT_OBSERVATIONS, observation(old, -1));
            }
        }
        for (Long start : replaced) {
            sessions.remove(start);
        }
        sessions.put(session.getStartTimeMs(), session);
        emit(FIT_OBSERVATIONS, observation(session, 1));
        var all = new ArrayList<WatchSession>();
        sessions.values().forEach(all::add);
        emit(UserRoomTotals.of(all));

        long latestEnd = all.stream().mapToLong(WatchSession::getEndTimeMs).max().orElseThrow();
        long cleanup = latestEnd + retention.toMillis();
        Long previous = cleanupAt.value();
        if (previous == null || previous != cleanup) {
            if (previous != null) {
                deleteTimer(previous);
            }
            registerTimer(cleanup);
            cleanupAt.update(cleanup);
        }
    }

    @Override
    protected void onTimer(long timestamp) throws Exception {
        Long cleanup = cleanupAt.value();
        if (cleanup != null && timestamp >= cleanup) {
            sessions.clear();
            cleanupAt.clear();
        }
    }

    static FitObservation observation(WatchSession s, int weight) {
        return new FitObservation(s.getRoomId(), s.getEndTimeMs(),
                s.getTransmissionTerm() == null ? Double.NaN : s.getTransmissionTerm(),
                SeedObservations.chatPerMinute(s), SeedObservations.likesPerMinute(s), s.getWatchTimeMs(),
                s.getGiftCount(), weight, null);
    }
}
