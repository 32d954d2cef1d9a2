package dev.concord.controller;

import dev.concord.interpreter.Intent;
import dev.concord.interpreter.Interpretation;
import dev.concord.interpreter.Interpreter;
import dev.concord.interpreter.InterpreterException;
import dev.concord.interpreter.ParsedTriple;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/** /api/interpret and /api/chat: text to intent and triples, then an edit or an answer from both sides. */
@ApplicationScoped
public class ChatService {
    @Inject
    Instance<Interpreter> interpreter;
    @Inject
    EditService editService;
    @Inject
    LlmService llm;
    @Inject
    KnowledgeGraph kg;
    @Inject
    ConcordConfig config;

    /**
     * A question's answers: the graph's, the model's completion of the relation's prompt (the form
     * edits are written in), and, for an instruct model, its answer to the question as asked (in its chat format).
     */
    public record Answer(List<String> kg, LlmService.Completion llm, LlmService.Completion chat) {
    }

    public record ChatReply(Intent intent, List<ParsedTriple> triples, String reply, EditView edit,
                            List<EditView> edits, Answer answer, String interpreter) {
    }

    public Interpretation interpret(String text) {
        if (text == null || text.isBlank()) {
            throw ControllerException.badInput("text must be a non-empty string");
        }
        if (text.length() > config.limits().maxText()) {
            throw ControllerException.badInput("text must be at most " + config.limits().maxText()
                    + " characters, found " + text.length());
        }
        if (!interpreter.isResolvable()) {
            throw ControllerException.unavailable("no interpreter is configured");
        }
        try {
            return interpreter.get().interpret(text);
        } catch (InterpreterException e) {
            throw ControllerException.badInput("could not interpret the text: " + e.getMessage());
        }
    }

    public ChatReply chat(String author, String message) {
        Interpretation in = interpret(message);
        return switch (in.intent()) {
            case EDIT, RETRACT -> edit(author, message, in);
            case QUERY -> query(in, message);
            case UNKNOWN -> new ChatReply(in.intent(), in.triples(),
                    "I did not understand that as a fact to add, a fact to remove or a question"
                            + (in.note() == null ? "." : " (" + in.note() + ")."), null, null, null, in.interpreter());
        };
    }

    private ChatReply edit(String author, String message, Interpretation in) {
        EditOp op = in.intent() == Intent.EDIT ? EditOp.ASSERT : EditOp.RETRACT;
        List<EditView> done = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (ParsedTriple p : in.triples()) {
            if (p.subject() == null || p.relation() == null || p.object() == null) {
                lines.add("skipped an incomplete triple (" + p.subject() + ", " + p.relation() + ", " + p.object() + ")");
                continue;
            }
            EditRequest request = new EditRequest(p.subject(), p.relation(), p.object(),
                    p.literal() ? literalTerm(p.object()).datatype() : null, op, message);
            EditView v = editService.submit(author, request);
            done.add(v);
            lines.add(describe(v));
        }
        String reply = lines.isEmpty() ? "I found no complete fact in that message." : String.join(" ", lines);
        return new ChatReply(in.intent(), in.triples(), reply, done.isEmpty() ? null : done.get(0), done, null, in.interpreter());
    }

    private static String describe(EditView v) {
        TripleView t = v.triples().get(0);
        String fact = t.subject() + " " + t.relation() + " " + t.object();
        return switch (v.status()) {
            case APPLIED -> v.noChange() ? "Already known: " + fact + "." : (v.op() == EditOp.ASSERT ? "Learned: " : "Removed: ") + fact + ".";
            case PENDING_REVIEW -> "Sent to review (" + String.join(", ", v.conflicts().stream().map(c -> c.kind().name()).toList()) + "): " + fact + ".";
            case REJECTED -> "Rejected: " + v.reason() + ".";
            case FAILED -> "Failed: " + v.reason() + ".";
            case ROLLED_BACK -> "Rolled back: " + fact + ".";
        };
    }

    private ChatReply query(Interpretation in, String question) {
        if (in.triples().isEmpty()) {
            return new ChatReply(in.intent(), in.triples(), "I could not tell what the question asks.", null, null, null, in.interpreter());
        }
        ParsedTriple q = in.triples().get(0);
        List<String> fromKg = new ArrayList<>();
        LlmService.Completion fromModel = null;
        if (q.relation() != null && kg.relation(q.relation()).isPresent()) {
            EditPlanner planner = new EditPlanner(kg);
            // aligned relations answer as one, with the relations under them (asking for a spouse finds
            // a wife), and the model is asked with the relation the subject uses
            String relation = q.subject() == null ? q.relation() : planner.usedRelation(q.subject(), q.relation());
            List<String> aligned = kg.covering(q.relation());
            if (q.subject() != null && q.object() == null) {
                for (String r : aligned) {
                    for (Triple t : kg.objects(q.subject(), r)) {
                        if (!fromKg.contains(t.object().value())) {
                            fromKg.add(t.object().value());
                        }
                    }
                }
                fromModel = llm.ask(planner.prompt(q.subject(), relation));
            } else if (q.object() != null && q.subject() == null) {
                Term o = q.literal() ? literalTerm(q.object()) : Term.entity(q.object());
                for (String r : aligned) {
                    for (Triple t : kg.subjects(r, o)) {
                        if (!fromKg.contains(t.subject())) {
                            fromKg.add(t.subject());
                        }
                    }
                }
            } else if (q.subject() != null) {
                Term o = q.literal() ? literalTerm(q.object()) : Term.entity(q.object());
                boolean holds = aligned.stream().anyMatch(r -> kg.contains(new Triple(q.subject(), r, o)));
                fromKg.add(holds ? "yes" : "no");
                fromModel = llm.ask(planner.prompt(q.subject(), relation));
            }
        }
        String kgPart = fromKg.isEmpty() ? "The graph does not know." : "The graph says: " + String.join(", ", fromKg) + ".";
        String llmPart = fromModel == null ? ""
                : fromModel.completion() == null ? " The model: " + fromModel.status() + "."
                : " The model (" + fromModel.model() + ") says: " + sentence(fromModel.completion());
        LlmService.Completion chat = fromModel == null || fromModel.completion() == null ? null : llm.askChat(question);
        String chatPart = chat == null ? "" : " Asked in its own words, it answers: " + sentence(chat.completion());
        return new ChatReply(in.intent(), in.triples(), kgPart + llmPart + chatPart, null, null,
                new Answer(fromKg, fromModel, chat), in.interpreter());
    }

    /** The text as a sentence: one full stop at the end. */
    static String sentence(String text) {
        String t = text.strip();
        return t.endsWith(".") || t.endsWith("!") || t.endsWith("?") ? t : t + ".";
    }

    /**
     * The literal a text the interpreter marked as literal stands for, typed as the seed data types
     * it (dates, years, numbers through {@link Term#of}), else a plain string: so that lookups and
     * conflict checks meet the graph's own literals.
     */
    static Term.Literal literalTerm(String value) {
        return Term.of(value) instanceof Term.Literal l ? l : Term.string(value);
    }
}
