package io.livepulse.models.recommend;

/**
 * One ranking task: a user's recent streamers (oldest first, at most 16) and the streamer they watched next.
 *
 * @param user user index in the log
 * @param input streamer indices of the input interactions, oldest first
 * @param inputSteps start steps of the input interactions
 * @param target the streamer watched next
 * @param targetStep the start step of the target interaction: candidates are the streamers live then
 * @param repeat whether the target streamer is in the input
 */
public record EvalInstance(int user, int[] input, int[] inputSteps, int target, int targetStep, boolean repeat) {}
