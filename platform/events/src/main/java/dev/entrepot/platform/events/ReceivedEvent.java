package dev.entrepot.platform.events;

import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A structured-mode CloudEvent as a consumer reads it from Kafka (docs/architecture.md#events). */
public record ReceivedEvent(UUID id, String type, String subject, String organization, String time, JsonNode data) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Reads a Kafka record's value; anything that is not a CloudEvent with an id and a type is refused. */
    public static ReceivedEvent parse(String json) {
        if (json == null) {
            throw new MalformedEvent("no value (a tombstone)");
        }
        JsonNode event;
        try {
            event = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedEvent("not JSON: " + e.getOriginalMessage());
        }
        if (event == null || !event.isObject()) {
            throw new MalformedEvent("not a JSON object");
        }
        UUID id;
        try {
            id = UUID.fromString(event.path("id").asText(""));
        } catch (IllegalArgumentException e) {
            throw new MalformedEvent("its id is not a UUID");
        }
        String type = event.path("type").asText("");
        if (type.isEmpty()) {
            throw new MalformedEvent("no type");
        }
        return new ReceivedEvent(id, type, event.path("subject").asText(null), event.path("orgid").asText(null),
                event.path("time").asText(null), event.path("data"));
    }

    /** A message no attempt can apply: it goes to the dead-letter topic at once. */
    public static final class MalformedEvent extends IllegalArgumentException {
        MalformedEvent(String why) {
            this(why, true);
        }

        private MalformedEvent(String message, boolean notCloudEvent) {
            super(notCloudEvent ? "Not a CloudEvent: " + message : message);
        }

        /** A CloudEvent whose {@code data} is not what its type promises ({@link EventHandlers}). */
        static MalformedEvent dataOf(String type, String why) {
            return new MalformedEvent("The data of a " + type + " event does not fit: " + why, false);
        }
    }
}
