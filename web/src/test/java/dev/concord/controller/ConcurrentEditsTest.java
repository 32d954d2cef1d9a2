package dev.concord.controller;

import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import dev.concord.web.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 20 users submit 25 edits each at once through the API, on a few subjects of one functional
 * relation so most of them conflict. Every edit ends in exactly one final status, replaying the
 * applied change sets in order gives exactly the graph, and no subject ends with two wives.
 */
@QuarkusTest
class ConcurrentEditsTest {
    private static final int USERS = 20;
    private static final int EDITS = 25;

    @Inject
    EditService edits;
    @Inject
    EditQueries queries;

    @Inject
    KnowledgeGraph kg;

    @Test
    void concurrentConflictingEditsEndConsistent() throws Exception {
        String run = Api.unique("c");
        List<String> men = new ArrayList<>();
        List<String> women = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            men.add(run + "_M" + i);
        }
        for (int i = 0; i < 8; i++) {
            women.add(run + "_W" + i);
        }
        for (int u = 0; u < USERS; u++) {
            Api.editor("conc" + u);
        }
        ExecutorService pool = Executors.newFixedThreadPool(USERS);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Integer> ids = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> done = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            int user = u;
            done.add(pool.submit(() -> {
                Random rnd = new Random(user);
                start.await();
                for (int k = 0; k < EDITS; k++) {
                    String op = rnd.nextInt(5) == 0 ? "RETRACT" : "ASSERT";
                    Response r = Api.editor("conc" + user)
                            .body(Api.edit(men.get(rnd.nextInt(men.size())), "wife", women.get(rnd.nextInt(women.size())), op))
                            .post("/api/edits");
                    if (r.statusCode() != 201) {
                        failures.add(r.statusCode() + " " + r.asString());
                    } else {
                        ids.add(r.path("id"));
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertEquals(List.of(), new ArrayList<>(failures));
        assertEquals(USERS * EDITS, ids.size());
        assertEquals(USERS * EDITS, new HashSet<>(ids).size(), "every edit has its own id");

        List<Integer> ordered = new ArrayList<>(ids);
        Collections.sort(ordered);
        Set<Triple> replay = new HashSet<>();
        int applied = 0;
        int pending = 0;
        for (int id : ordered) {
            EditView v = queries.get(id);
            assertEquals(EditStep.DONE, v.step(), "edit " + id + " finished");
            switch (v.status()) {
                case APPLIED -> {
                    applied++;
                    if (v.changeSet() != null) {
                        v.changeSet().removed().forEach(t -> replay.remove(t.toTriple()));
                        v.changeSet().added().forEach(t -> replay.add(t.toTriple()));
                    }
                }
                case PENDING_REVIEW -> pending++;
                case REJECTED -> assertTrue(v.conflicts().stream().anyMatch(c -> c.kind() == ConflictKind.MISSING));
                default -> throw new AssertionError("unexpected status " + v.status() + " for edit " + id);
            }
        }
        assertTrue(applied > 0 && pending > 0, "the mix has applied and conflicting edits: " + applied + " applied, " + pending + " pending");

        Set<Triple> actual = new HashSet<>();
        for (String m : men) {
            actual.addAll(kg.objects(m, "wife"));
            assertTrue(kg.objects(m, "wife").size() <= 1, m + " has at most one wife");
        }
        for (String w : women) {
            actual.addAll(kg.objects(w, "husband"));
            assertTrue(kg.objects(w, "husband").size() <= 1, w + " has at most one husband");
            assertEquals(kg.objects(w, "husband").size(), kg.subjects("wife", Term.entity(w)).size(), "inverse kept in step");
        }
        assertEquals(replay, actual, "the graph is exactly the replay of the applied change sets");
    }
}
