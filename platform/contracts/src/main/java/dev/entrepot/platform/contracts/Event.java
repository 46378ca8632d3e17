package dev.entrepot.platform.contracts;

/**
 * An event payload of this module: the {@code data} of a CloudEvent, which knows the topic it goes to
 * and its type name. A record of this module serialises (with {@link EventJson}) to exactly the JSON
 * that docs/asyncapi.yaml describes for its type.
 */
public interface Event {

    /** The Kafka topic, also the name of every consumer's channel. */
    String topic();

    /** The CloudEvent {@code type}, e.g. {@code entrepot.orders.order.placed.v1}. */
    String type();
}
