package io.agentshop.commandside.domain;

import org.apache.kafka.clients.producer.ProducerRecord;

/** A deliberate offender (test code only), so the architecture test can show its rule catches one. */
public class DomainClassThatTalksToKafka {

    public ProducerRecord<String, String> publish() {
        return new ProducerRecord<>("topic", "value");
    }
}
