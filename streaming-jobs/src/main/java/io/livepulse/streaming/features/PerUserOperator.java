package io.livepulse.streaming.features;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.runtime.state.internal.InternalKvState;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * An operator of one user in one room that runs keyed by room: its state and event-time timers live in a namespace
 * per user, as Flink's {@code WindowOperator} keeps a namespace per window. The user-room operators so share the room
 * metrics' keyed exchange (one serialization of each event in the source and one deserialization downstream instead
 * of two of each); the cost is that all of a room's viewers are processed in one subtask.
 *
 * <p>A subclass creates its state with {@link #userState} in {@link #openUser()} and names the user of an element
 * in {@link #userOf}; before {@link #process} and {@link #onTimer} run, every such state and the timers point at
 * that user.
 *
 * @param <IN> the input, keyed by its room id
 * @param <OUT> the output
 */
abstract class PerUserOperator<IN, OUT> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<IN, OUT>, Triggerable<String, String> {
    private transient InternalTimerService<String> timers;
    private transient List<InternalKvState<?, String, ?>> states;
    private transient TimestampedCollector<OUT> out;
    private transient long elementTimestamp;
    private transient String user;

    @Override
    public final void open() throws Exception {
        super.open();
        out = new TimestampedCollector<>(output);
        timers = getInternalTimerService("user-timers", StringSerializer.INSTANCE, this);
        states = new ArrayList<>(2);
        openUser();
    }

    /** Creates the subclass's state. */
    protected abstract void openUser() throws Exception;

    /** A state of the current room and user (its namespace). */
    protected final <S extends State> S userState(StateDescriptor<S, ?> descriptor) throws Exception {
        S state = getOrCreateKeyedState(StringSerializer.INSTANCE, descriptor);
        states.add((InternalKvState<?, String, ?>) state);
        return state;
    }

    @Override
    public final void processElement(StreamRecord<IN> element) throws Exception {
        out.setTimestamp(element);
        elementTimestamp = element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE;
        forUser(userOf(element.getValue()));
        process(element.getValue());
    }

    /** The user an element belongs to. */
    protected abstract String userOf(IN element);

    /** Handles one element of the current room and {@link #user()}. */
    protected abstract void process(IN element) throws Exception;

    @Override
    public final void onEventTime(InternalTimer<String, String> timer) throws Exception {
        out.setAbsoluteTimestamp(timer.getTimestamp());
        elementTimestamp = timer.getTimestamp();
        forUser(timer.getNamespace());
        onTimer(timer.getTimestamp());
    }

    /** An event-time timer of the current room and {@link #user()}. */
    protected abstract void onTimer(long timestamp) throws Exception;

    @Override
    public final void onProcessingTime(InternalTimer<String, String> timer) {
        throw new UnsupportedOperationException("the user-room operators use event time only");
    }

    /** Points the state and timers at {@code userId} (in the current room). */
    private void forUser(String userId) {
        user = userId;
        for (InternalKvState<?, String, ?> state : states) {
            state.setCurrentNamespace(userId);
        }
    }

    protected final String user() {
        return user;
    }

    protected final long currentWatermark() {
        return timers.currentWatermark();
    }

    protected final void registerTimer(long timestamp) {
        timers.registerEventTimeTimer(user, timestamp);
    }

    protected final void deleteTimer(long timestamp) {
        timers.deleteEventTimeTimer(user, timestamp);
    }

    /** Emits on the main output, stamped like {@code KeyedProcessOperator}'s: the element's or the timer's time. */
    protected final void emit(OUT value) {
        out.collect(value);
    }

    protected final <X> void emit(OutputTag<X> tag, X value) {
        output.collect(tag, elementTimestamp == Long.MIN_VALUE ? new StreamRecord<>(value)
                : new StreamRecord<>(value, elementTimestamp));
    }
}
