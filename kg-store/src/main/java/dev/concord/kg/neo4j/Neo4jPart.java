package dev.concord.kg.neo4j;

import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.jena.graph.Graph;
import org.neo4j.driver.TransactionContext;

/** A part of the Neo4j backend: runs its work in the graph's transactions ({@link Neo4jTransactions}). */
abstract class Neo4jPart {
    final Neo4jTransactions txs;

    Neo4jPart(Neo4jTransactions txs) {
        this.txs = txs;
    }

    <T> T read(Function<TransactionContext, T> body) {
        return txs.read(body);
    }

    <T> T write(Function<TransactionContext, T> body) {
        return txs.write(body);
    }

    void onCommit(Consumer<Graph> op) {
        txs.onCommit(op);
    }
}
