package io.llmq.simulator.engine;

/** The words of a completion before they are counted and billed. */
public record GeneratedText(String text, FinishReason finishReason) {
}
