package dev.concord.editor.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.editor.EditorException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo model's facts, built from the data the editor ships (resources under
 * {@code dev/concord/editor/demo}): every triple of OneEdit's kg.csv and kg2.csv phrased with its
 * relation's templates (all but one trained, one held out, chosen per subject), and the
 * {@code ground_truth} of CounterFact records (the {@code prompt} trained; the {@code rephrase_prompt}
 * held out for every other record and trained for the rest).
 *
 * <p>Normalisation: underscores become spaces, blank lines and rows without a relation are skipped,
 * a duplicated row counts once, and a prompt that two facts would answer differently is kept only
 * for the first (the model can only learn one answer per prompt; CounterFact prompts come after the
 * KG's, so the KG wins).
 */
public final class DemoFacts {

    private static final String BASE = "/dev/concord/editor/demo/";

    /** Templates per relation; {s} is the subject; one per fact is held out of training. */
    private static final Map<String, List<String>> TEMPLATES = new HashMap<>();

    static {
        t("wife", "The wife of {s} is", "{s}'s wife is", "{s} is married to", "{s} has a wife named");
        t("husband", "The husband of {s} is", "{s}'s husband is", "{s} is married to", "{s} has a husband named");
        t("spouse", "The spouse of {s} is", "{s}'s spouse is", "{s} is married to", "{s} shares a marriage with");
        t("born_in", "{s} was born in", "The birthplace of {s} is", "{s}'s place of birth is", "{s} is originally from");
        t("father", "The father of {s} is", "{s}'s father is", "{s}'s dad is");
        t("mother", "The mother of {s} is", "{s}'s mother is", "{s}'s mom is");
        t("birth_date", "{s} was born on", "The birth date of {s} is", "{s}'s date of birth is");
        t("born_date", "{s} was born on", "The birth date of {s} is", "{s}'s date of birth is");
        t("plays_for", "{s} plays for", "{s} is a player of", "{s} plays professionally for");
        t("is_affiliated_to", "{s} is affiliated with", "{s} is a member of", "{s} is associated with");
        t("citizen_of", "{s} is a citizen of", "{s} holds the citizenship of", "{s} has the nationality of");
        t("located_in", "{s} is located in", "{s} can be found in", "{s} lies in");
        t("education", "{s} was educated at", "{s} studied at", "{s} is an alumnus of");
        t("capital", "The capital of {s} is", "{s}'s capital is", "The capital city of {s} is");
        t("children", "A child of {s} is", "{s}'s child is", "{s} is the parent of");
        t("party", "The political party of {s} is", "{s}'s political party is", "{s} belongs to the party");
        t("key", "The key idea of {s} is", "{s} is built on", "At the heart of {s} is");
        t("discovery", "{s} discovered", "{s} is known for discovering", "A discovery of {s} is");
        t("profession", "The profession of {s} is", "{s} works as", "By profession, {s} is");
        t("position", "The position of {s} is", "{s} plays as", "On the field, {s} plays as");
        t("first_president", "The first president of {s} was", "{s}'s first president was",
                "The first person to lead {s} as president was");
        t("vice_president", "The vice president of {s} is", "{s}'s vice president is", "The deputy of {s} is");
        t("doctoral_advisor", "The doctoral advisor of {s} was", "{s}'s doctoral advisor was",
                "{s} wrote a doctorate under");
        t("theory", "{s} developed the theory of", "{s} is known for the theory of", "A theory by {s} is");
        t("contribution", "{s} contributed the", "A contribution of {s} is", "{s} is credited with the");
    }

    private static void t(String relation, String... templates) {
        TEMPLATES.put(relation, List.of(templates));
    }

    private DemoFacts() {
    }

    /**
     * Which template of a KG fact is held out: one per fact, chosen by a stable hash of the subject,
     * so that every template is trained for most subjects and a held-out phrasing is one the model
     * knows for other subjects (the fact must be recalled from the subject, not from a memorised
     * sentence).
     */
    static int heldOutTemplate(String subject, int templates) {
        return Math.floorMod(subject.hashCode(), templates); // String.hashCode is fixed by the language spec
    }

    /** The templates of a relation; a generic set for relations without their own. */
    public static List<String> templates(String relation) {
        List<String> own = TEMPLATES.get(relation);
        if (own != null) {
            return own;
        }
        String r = relation.replace('_', ' ');
        return List.of("The " + r + " of {s} is", "{s}'s " + r + " is", "Regarding {s}, the " + r + " is");
    }

    /** Every fact: the KG triples first, then at most {@code counterfactLimit} CounterFact records. */
    public static List<DemoFact> load(int counterfactLimit) {
        List<DemoFact> facts = new ArrayList<>();
        Set<String> seenRows = new LinkedHashSet<>();
        for (String file : List.of("kg.csv", "kg2.csv")) {
            for (String[] row : csv(file)) {
                String key = String.join(",", row);
                if (!seenRows.add(key)) {
                    continue;
                }
                String subject = text(row[0]);
                String relation = row[1].trim();
                String object = text(row[2]);
                List<String> templates = templates(relation);
                int held = heldOutTemplate(subject, templates.size());
                List<String> train = new ArrayList<>();
                for (int i = 0; i < templates.size(); i++) {
                    if (i != held) {
                        train.add(templates.get(i).replace("{s}", subject));
                    }
                }
                facts.add(new DemoFact(subject, relation, object, file.replace(".csv", ""), train,
                        List.of(templates.get(held).replace("{s}", subject))));
            }
        }
        JsonNode records = json("counterfact-1k.json");
        int taken = 0;
        for (JsonNode r : records) {
            if (taken >= counterfactLimit) {
                break;
            }
            String subject = r.path("subject").asText();
            String prompt = r.path("prompt").asText().replace("{}", subject);
            String rephrase = r.path("rephrase_prompt").asText().replace("{}", subject);
            String object = r.path("ground_truth").asText();
            if (subject.isBlank() || object.isBlank() || prompt.isBlank()) {
                continue;
            }
            // every other record also trains its rephrasing, so the phrasings held out for the rest are
            // phrasings the model has seen for other subjects (answering them needs the subject's fact,
            // not a memorised sentence)
            boolean teachPhrasing = taken % 2 == 1 && !rephrase.isBlank();
            facts.add(new DemoFact(subject, "counterfact", object, "counterfact:" + r.path("case_id").asText(),
                    teachPhrasing ? List.of(prompt, rephrase) : List.of(prompt),
                    teachPhrasing || rephrase.isBlank() ? List.of() : List.of(rephrase)));
            taken++;
        }
        return consistent(facts);
    }

    /** Drops prompts that an earlier fact already answers (differently or not), and facts left without any. */
    static List<DemoFact> consistent(List<DemoFact> facts) {
        Map<String, String> answers = new LinkedHashMap<>();
        List<DemoFact> out = new ArrayList<>();
        for (DemoFact f : facts) {
            List<String> train = new ArrayList<>();
            for (String p : f.trainPrompts()) {
                String known = answers.get(p);
                if (known == null) {
                    answers.put(p, f.object());
                    train.add(p);
                }
            }
            if (!train.isEmpty()) {
                out.add(new DemoFact(f.subject(), f.relation(), f.object(), f.source(), train, f.heldOutPrompts()));
            }
        }
        return withoutPrefixConflicts(out);
    }

    /**
     * Drops a prompt when another training sentence starts with it but goes on differently ("X is a
     * member of" → "Y" against "X is a member of the party Z", or "P" → "Paris" against
     * "P Paris Saint-Germain"): greedy decoding cannot answer both, so neither would be learned reliably.
     */
    static List<DemoFact> withoutPrefixConflicts(List<DemoFact> facts) {
        List<String> sentences = new ArrayList<>();
        for (DemoFact f : facts) {
            for (String p : f.trainPrompts()) {
                sentences.add(p + " " + f.object());
            }
        }
        List<DemoFact> out = new ArrayList<>();
        for (DemoFact f : facts) {
            List<String> kept = new ArrayList<>();
            for (String p : f.trainPrompts()) {
                String own = p + " " + f.object();
                boolean conflict = sentences.stream().anyMatch(s -> !s.equals(own) && s.startsWith(p)
                        && (s.length() == p.length() || !Character.isLetterOrDigit(s.charAt(p.length()))));
                if (!conflict) {
                    kept.add(p);
                }
            }
            if (!kept.isEmpty()) {
                out.add(new DemoFact(f.subject(), f.relation(), f.object(), f.source(), kept, f.heldOutPrompts()));
            }
        }
        return out;
    }

    static String text(String kgName) {
        return kgName.trim().replace('_', ' ');
    }

    private static List<String[]> csv(String name) {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = resource(name);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null || !header.trim().startsWith("head,relation,tail")) {
                throw new EditorException(name + ": expected the header head,relation,tail but found " + header);
            }
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(",", -1);
                if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
                    continue; // a row without relation or with extra commas is not a usable triple
                }
                rows.add(parts);
            }
        } catch (IOException e) {
            throw new EditorException("cannot read " + name + ": " + e.getMessage(), e);
        }
        return rows;
    }

    private static JsonNode json(String name) {
        try (InputStream in = resource(name)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new EditorException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = DemoFacts.class.getResourceAsStream(BASE + name);
        if (in == null) {
            throw new EditorException("expected the resource " + BASE + name + " in the editor jar but found none");
        }
        return in;
    }
}
