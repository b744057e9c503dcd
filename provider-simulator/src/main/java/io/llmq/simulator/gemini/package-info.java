/** Google Gemini's generateContent wire format over the shared engine and bill. Not API. */
package io.llmq.simulator.gemini;
