package io.inferscope.collector.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A core/v1 Event as far as {@link EventMapping} reads it; times as the server writes them (RFC
 * 3339 strings, {@code eventTime} with microseconds).
 */
@Group("")
@Version("v1")
@Kind("Event")
@Plural("events")
@JsonIgnoreProperties(ignoreUnknown = true)
final class EventView extends ObjectView {
    private Ref involvedObject;
    private String type;
    private String reason;
    private String message;
    private Integer count;
    private String firstTimestamp;
    private String lastTimestamp;
    private String eventTime;
    private Series series;

    public Ref getInvolvedObject() {
        return involvedObject;
    }

    public void setInvolvedObject(Ref involvedObject) {
        this.involvedObject = involvedObject;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Integer getCount() {
        return count;
    }

    public void setCount(Integer count) {
        this.count = count;
    }

    public String getFirstTimestamp() {
        return firstTimestamp;
    }

    public void setFirstTimestamp(String firstTimestamp) {
        this.firstTimestamp = firstTimestamp;
    }

    public String getLastTimestamp() {
        return lastTimestamp;
    }

    public void setLastTimestamp(String lastTimestamp) {
        this.lastTimestamp = lastTimestamp;
    }

    public String getEventTime() {
        return eventTime;
    }

    public void setEventTime(String eventTime) {
        this.eventTime = eventTime;
    }

    public Series getSeries() {
        return series;
    }

    public void setSeries(Series series) {
        this.series = series;
    }

    /** The involved object; {@code namespace} empty means the event's own. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Ref(String kind, String namespace, String name, String uid) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Series(Integer count, String lastObservedTime) {}
}
