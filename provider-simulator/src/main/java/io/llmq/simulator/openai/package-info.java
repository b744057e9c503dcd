/**
 * OpenAI's Chat Completions wire format: request parsing, the error body, the response body and
 * the headers a real client (the official SDKs included) expects. Not API.
 */
package io.llmq.simulator.openai;
