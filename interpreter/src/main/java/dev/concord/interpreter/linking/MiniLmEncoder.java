package dev.concord.interpreter.linking;

import dev.concord.interpreter.SentenceEncoder;

import dev.concord.interpreter.InterpreterException;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * all-MiniLM-L6-v2 (sentence-transformers; 384 dimensions, mean pooling) run in process by ONNX
 * Runtime from its Maven jar, offline. One model per JVM, loaded on first use (about a second);
 * embeddings of texts seen before are cached (relation phrasings are encoded once).
 */
public final class MiniLmEncoder implements SentenceEncoder {
    private static final int CACHE_LIMIT = 20_000;
    private static volatile Optional<SentenceEncoder> shared;
    private static volatile String failure;

    private final AllMiniLmL6V2EmbeddingModel model;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();

    private MiniLmEncoder(AllMiniLmL6V2EmbeddingModel model) {
        this.model = model;
    }

    /**
     * The shared encoder, or empty when it cannot run here (no ONNX Runtime for this platform);
     * {@link #failure()} then says why.
     */
    public static Optional<SentenceEncoder> shared() {
        Optional<SentenceEncoder> s = shared;
        if (s == null) {
            synchronized (MiniLmEncoder.class) {
                s = shared;
                if (s == null) {
                    try {
                        s = Optional.of(new MiniLmEncoder(new AllMiniLmL6V2EmbeddingModel()));
                    } catch (RuntimeException | LinkageError e) {
                        failure = "the all-MiniLM-L6-v2 encoder could not start: " + e;
                        s = Optional.empty();
                    }
                    shared = s;
                }
            }
        }
        return s;
    }

    /** Why {@link #shared()} is empty, or null. */
    public static String failure() {
        return failure;
    }

    @Override
    public float[] encode(String text) {
        if (text == null) {
            throw new InterpreterException("expected a text to encode but found none");
        }
        float[] v = cache.get(text);
        if (v == null) {
            v = SentenceEncoder.normalise(model.embed(text).content().vector());
            if (cache.size() < CACHE_LIMIT) {
                cache.put(text, v);
            }
        }
        return v;
    }
}
