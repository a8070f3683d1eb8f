package io.livepulse.serving.model;

import io.livepulse.models.recommend.LiveRoomRanker;
import io.livepulse.models.registry.ModelManifest;

/** A recommender being served: the registry entry's {@link LiveRoomRanker}, exactly as the evaluation measured it. */
public record ServedRanker(ModelManifest manifest, LiveRoomRanker ranker) implements ServedModel {}
