package dev.concord.kg.io;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.RDFParserBuilder;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.sparql.core.Quad;

/**
 * Parses on a second thread and hands the triples to the caller's thread in blocks, so that parsing
 * and what the caller does with each triple overlap on two cores. Unlike Jena's AsyncParser, a
 * parse error reaches the caller: it is rethrown once the triples before it were handed over, as the
 * same exception a plain parse would throw. An exception in the caller's consumer stops the parser.
 */
final class ParseAhead {
    private static final int BLOCK = 10_000;
    private static final List<Triple> END = new ArrayList<>();

    private ParseAhead() {
    }

    static void parse(RDFParserBuilder parser, Consumer<Triple> consumer) {
        BlockingQueue<List<Triple>> queue = new ArrayBlockingQueue<>(16);
        Throwable[] failure = new Throwable[1];
        boolean[] stop = new boolean[1];
        Thread thread = new Thread(() -> {
            List<Triple>[] block = new List[] {new ArrayList<Triple>(BLOCK)};
            StreamRDF sink = new StreamRDFBase() {
                @Override
                public void triple(Triple t) {
                    block[0].add(t);
                    if (block[0].size() == BLOCK) {
                        hand(queue, block[0], stop);
                        block[0] = new ArrayList<>(BLOCK);
                    }
                }

                @Override
                public void quad(Quad q) {
                    triple(q.asTriple());
                }
            };
            try {
                parser.parse(sink);
                hand(queue, block[0], stop);
            } catch (Throwable e) {
                synchronized (failure) {
                    failure[0] = e;
                }
            } finally {
                try {
                    hand(queue, END, stop);
                } catch (IllegalStateException consumerGone) {
                    // the consumer stopped reading: nobody waits for the end
                }
            }
        }, "concord-parse-ahead");
        thread.setDaemon(true);
        thread.start();
        try {
            for (List<Triple> block = take(queue); block != END; block = take(queue)) {
                block.forEach(consumer);
            }
        } catch (RuntimeException | Error e) {
            synchronized (stop) {
                stop[0] = true;
            }
            thread.interrupt();
            throw e;
        }
        synchronized (failure) {
            if (failure[0] instanceof RuntimeException r) {
                throw r;
            }
            if (failure[0] instanceof Error err) {
                throw err;
            }
            if (failure[0] != null) {
                throw new IllegalStateException(failure[0]);
            }
        }
    }

    private static List<Triple> take(BlockingQueue<List<Triple>> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the import", e);
        }
    }

    /** Puts a block, giving up when the consumer stopped (so the parser thread never hangs). */
    private static void hand(BlockingQueue<List<Triple>> queue, List<Triple> block, boolean[] stop) {
        try {
            while (!queue.offer(block, 100, TimeUnit.MILLISECONDS)) {
                synchronized (stop) {
                    if (stop[0]) {
                        throw new IllegalStateException("the import stopped reading");
                    }
                }
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException("the import stopped reading", e);
        }
    }
}
