package io.livepulse.platform.kafka;

import java.util.Map;

/** A topic as the catalog creates it. */
public record TopicSpec(String name, int partitions, Map<String, String> configs, String purpose) {}
