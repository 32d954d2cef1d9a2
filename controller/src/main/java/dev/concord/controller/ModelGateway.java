package dev.concord.controller;

import dev.concord.editor.KnowledgeEditor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one owner of the loaded model and the single worker thread every model operation runs on
 * (edits, rollbacks, completions), so edits reach the model one at a time in the order they were
 * queued. The model may load in the background: queued work waits for it; while it loads,
 * {@link #state()} says LOADING.
 */
@ApplicationScoped
public class ModelGateway {
    private static final Logger LOG = Logger.getLogger(ModelGateway.class);

    public enum State { DISABLED, LOADING, READY, FAILED }

    /**
     * The model's state and, when it is not READY, why ({@code message}: the loading progress while
     * LOADING); {@code note} says which model is in use and why (for example the demo model because
     * the pretrained one could not be pulled), or null.
     */
    public record Status(State state, String modelName, String message, String note) {
    }

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "concord-model-worker");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch settled = new CountDownLatch(1);
    private volatile State state = State.LOADING;
    private volatile String message = "the model has not started loading";
    private volatile KnowledgeEditor editor;
    private volatile String note;
    private Thread loader;

    /** Writes this process's model edits to the shared stream (absent outside CDI). */
    @jakarta.inject.Inject
    jakarta.enterprise.inject.Instance<ModelStream> stream;

    private KnowledgeEditor shared(KnowledgeEditor e) {
        return stream != null && stream.isResolvable() ? stream.get().wrap(e) : e;
    }

    /** Progress of a load in progress (shown as the message while LOADING); ignored once settled. */
    public synchronized void progress(String line) {
        if (state == State.LOADING) {
            message = line;
        }
    }

    /** Which model is in use and why; kept after loading. */
    public void note(String line) {
        note = line;
    }

    /** Graph-only mode: no model; model steps are skipped. */
    public synchronized void disable(String reason) {
        state = State.DISABLED;
        message = reason;
        settled.countDown();
    }

    /** Loads the model on a background thread; queued work waits until it is ready or has failed. */
    public synchronized void startLoading(Supplier<KnowledgeEditor> load) {
        if (loader != null || settled.getCount() == 0) {
            throw new IllegalStateException("the model is already loading or settled");
        }
        state = State.LOADING;
        message = "model loading";
        loader = new Thread(() -> {
            try {
                KnowledgeEditor e = shared(load.get());
                synchronized (this) {
                    editor = e;
                    state = State.READY;
                    message = null;
                }
                LOG.infof("Model ready: %s", e.modelName());
            } catch (Throwable t) {
                state = State.FAILED;
                message = "the model failed to load: " + t.getMessage();
                LOG.error("The model failed to load; continuing in graph-only mode", t);
            } finally {
                settled.countDown();
            }
        }, "concord-model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    /** Uses an editor that is already open (tests, embedding). */
    public synchronized void useEditor(KnowledgeEditor e) {
        editor = shared(e);
        state = State.READY;
        message = null;
        settled.countDown();
    }

    public Status status() {
        KnowledgeEditor e = editor;
        return new Status(state, e == null ? null : e.modelName(), message, note);
    }

    public State state() {
        return state;
    }

    /**
     * Runs work on the model worker once the model is settled; the function gets the editor, or
     * empty when there is no model (disabled or failed).
     */
    public <T> CompletableFuture<T> submit(Function<Optional<KnowledgeEditor>, T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                settled.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ControllerException(ControllerException.Kind.UNAVAILABLE, "interrupted while waiting for the model");
            }
            return work.apply(Optional.ofNullable(editor));
        }, worker);
    }

    /** Whether a caller asking now would wait for loading. */
    public boolean loading() {
        return state == State.LOADING;
    }

    @PreDestroy
    void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        KnowledgeEditor e = editor;
        editor = null;
        if (e != null) {
            e.close();
        }
    }
}
