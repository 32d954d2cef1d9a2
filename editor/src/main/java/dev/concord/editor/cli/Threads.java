package dev.concord.editor.cli;

/**
 * PyTorch's intra-op thread count, read once when the engine starts: {@code CONCORD_TORCH_THREADS}
 * or the system property {@code ai.djl.pytorch.num_threads} when set, else half the available cores
 * (at least 1): with every core busy, PyTorch's threads wait on each other and a step can become
 * 10-20 times slower, while fewer threads degrade gracefully when other work shares the machine.
 */
final class Threads {
    private Threads() {
    }

    static void configure() {
        String env = System.getenv("CONCORD_TORCH_THREADS");
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            String n = env != null && !env.isBlank() ? env.trim()
                    : String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
            System.setProperty("ai.djl.pytorch.num_threads", n);
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }
}
