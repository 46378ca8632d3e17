package dev.entrepot.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** docs/asyncapi.yaml, read from a module's directory (where Maven runs its tests). */
public final class AsyncApiDocument {

    private final String text;

    private AsyncApiDocument(String text) {
        this.text = text;
    }

    public static AsyncApiDocument read() {
        try {
            return new AsyncApiDocument(Files.readString(Path.of("..", "docs", "asyncapi.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The topic {@code <service>.<entity>} and its created/updated/deleted events are documented. */
    public void assertRecordEventsDocumented(String service, String entity, String singular) {
        assertEventsDocumented(service + "." + entity, List.of("created", "updated", "deleted").stream()
                .map(happened -> "entrepot." + service + "." + singular + "." + happened + ".v1").toList());
    }

    /** The topic and each of the event types are documented. */
    public void assertEventsDocumented(String topic, List<String> types) {
        assertThat(text).contains("address: " + topic + "\n");
        for (String type : types) {
            assertThat(text).containsPattern("name: " + java.util.regex.Pattern.quote(type) + "[,\n]");
        }
    }
}
