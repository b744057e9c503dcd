package io.llmq.simulator.embeddings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.SplittableRandom;

/** Deterministic unit vectors: seeded from a hash of the model and the input, so a repeat gives the same vector. */
final class Vectors {
    static final int DEFAULT_DIMENSIONS = 1536;

    private Vectors() {
    }

    static int defaultDimensions(String model) {
        return model.contains("large") ? 3072 : DEFAULT_DIMENSIONS;
    }

    static float[] of(String model, EmbeddingRequest.Input input, int dimensions) {
        var seedSource = model + "\u0000" + (input.text() != null ? input.text() : Arrays.toString(input.tokens()));
        var random = new SplittableRandom(seed(seedSource));
        var vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (random.nextDouble() * 2 - 1);
            norm += vector[i] * vector[i];
        }
        var scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    /** OpenAI's base64 encoding: the float32 values, little-endian. */
    static String base64(float[] vector) {
        var buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (var v : vector) {
            buffer.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    private static long seed(String text) {
        try {
            var hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
