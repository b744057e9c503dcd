package io.llmq.submitter.auth;

/** The owner of every file, batch and cost a request may touch. */
public record Tenant(String id, String name) {
}
