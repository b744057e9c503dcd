package io.llmq.submitter.http;

import io.javalin.Javalin;

/** A group of endpoints; each stage of the API registers its own. */
public interface Routes {
    void register(Javalin app);
}
