package dev.concord.editor.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concord.editor.EditorException;
import dev.concord.editor.FactEdit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds CounterFact-style cases for the demo model from what the demo trainer wrote
 * ({@code demo-facts.json}: the facts learnt, their trained and held-out prompts) and the
 * CounterFact sample the runtime ships ({@code /dev/concord/editor/demo/counterfact-1k.json}).
 *
 * <ul>
 *   <li>For a CounterFact fact the model learnt (source {@code counterfact:ID}): edit its trained
 *       prompt to {@code target_new}; rephrase = its held-out prompt; locality = the record's
 *       {@code locality_prompt} and one other learnt fact; no portability probe.</li>
 *   <li>For a KG fact whose relation has an inverse in the relation library (wife/husband,
 *       spouse...): edit it to another object of the same relation; rephrase = its held-out
 *       template; locality = another learnt fact; portability = the inverse relation's template
 *       filled with the new object, answered by the subject.</li>
 * </ul>
 * Every tenth case is a KG case (while they last), so groups of edits see both kinds.
 */
public final class EvalCases {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvalCases() {
    }

    public static List<EvalCase> load(Path modelDir, int limit) {
        Path facts = modelDir.resolve("demo-facts.json");
        if (!Files.isRegularFile(facts)) {
            throw new EditorException("expected the demo model's demo-facts.json in " + modelDir
                    + ", found none (train it with `editor train-demo`)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(facts.toFile());
        } catch (IOException e) {
            throw new EditorException("cannot read " + facts + ": " + e.getMessage(), e);
        }
        Map<String, JsonNode> counterfact = new HashMap<>();
        for (JsonNode r : resource("counterfact-1k.json")) {
            counterfact.put(r.path("case_id").asText(), r);
        }
        Map<String, String> inverse = new HashMap<>();
        for (JsonNode r : resource("relationship_library.json")) {
            String rev = r.path("reverse").asText("");
            if (!rev.isBlank()) {
                inverse.put(r.path("name").asText(), rev);
            }
        }
        List<JsonNode> learnt = new ArrayList<>();
        root.path("facts").forEach(learnt::add);
        Map<String, List<JsonNode>> byRelation = new HashMap<>();
        for (JsonNode f : learnt) {
            byRelation.computeIfAbsent(f.path("relation").asText(), k -> new ArrayList<>()).add(f);
        }
        List<EvalCase> kg = new ArrayList<>();
        List<EvalCase> cf = new ArrayList<>();
        for (int i = 0; i < learnt.size(); i++) {
            JsonNode f = learnt.get(i);
            String source = f.path("source").asText();
            String subject = f.path("subject").asText();
            String prompt = f.path("train_prompts").path(0).asText("");
            if (prompt.isBlank() || !prompt.contains(subject)) {
                continue;
            }
            List<String> rephrases = new ArrayList<>();
            f.path("held_out_prompts").forEach(p -> rephrases.add(p.asText()));
            JsonNode other = learnt.get((i + learnt.size() / 2) % learnt.size());
            EvalCase.Probe neighbour = new EvalCase.Probe(other.path("train_prompts").path(0).asText(),
                    other.path("object").asText());
            if (source.startsWith("counterfact:")) {
                JsonNode r = counterfact.get(source.substring("counterfact:".length()));
                if (r == null || rephrases.isEmpty()) {
                    continue;
                }
                List<EvalCase.Probe> loc = new ArrayList<>();
                String lp = r.path("locality_prompt").asText("");
                String lg = r.path("locality_ground_truth").asText("");
                if (!lp.isBlank() && !lg.isBlank()) {
                    loc.add(new EvalCase.Probe(lp, lg));
                }
                loc.add(neighbour);
                cf.add(new EvalCase(source, new FactEdit(prompt, subject, r.path("target_new").asText()),
                        f.path("object").asText(), rephrases, loc, List.of()));
            } else {
                String relation = f.path("relation").asText();
                String rev = inverse.get(relation);
                List<JsonNode> peers = byRelation.getOrDefault(relation, List.of());
                if (rev == null || peers.size() < 2) {
                    continue;
                }
                String object = f.path("object").asText();
                String newObject = null;
                for (int k = 1; k < peers.size() && newObject == null; k++) {
                    String cand = peers.get((peers.indexOf(f) + k) % peers.size()).path("object").asText();
                    if (!cand.equals(object) && !cand.equals(subject)) {
                        newObject = cand;
                    }
                }
                if (newObject == null) {
                    continue;
                }
                // the demo's first template of a relation is "The {relation} of {s} is" for the inverse pairs
                String inverseTemplate = "The " + rev.replace('_', ' ') + " of {s} is";
                kg.add(new EvalCase("kg:" + subject + "/" + relation, new FactEdit(prompt, subject, newObject), object,
                        rephrases, List.of(neighbour),
                        List.of(new EvalCase.Probe(inverseTemplate.replace("{s}", newObject), subject))));
            }
        }
        List<EvalCase> out = new ArrayList<>();
        int k = 0;
        int c = 0;
        while (out.size() < limit && (k < kg.size() || c < cf.size())) {
            boolean takeKg = k < kg.size() && (out.size() % 10 == 0 || c >= cf.size());
            out.add(takeKg ? kg.get(k++) : cf.get(c++));
        }
        if (out.isEmpty()) {
            throw new EditorException("expected evaluation cases from " + facts + ", found none");
        }
        return out;
    }

    /**
     * Cases from a data file in the CounterFact layout EasyEdit uses ({@code prompt}, {@code subject},
     * {@code target_new}, {@code ground_truth}, {@code rephrase_prompt}, {@code locality_prompt},
     * {@code locality_ground_truth}) or zsRE's MEND layout ({@code src}, {@code subject}, {@code alt},
     * {@code pred}/{@code answers}, {@code rephrase}, {@code loc}, {@code loc_ans}), for any model.
     * Records whose prompt does not contain the subject (ROME needs the subject's tokens) are skipped.
     */
    public static List<EvalCase> fromFile(Path file, int limit) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new EditorException("cannot read evaluation data " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new EditorException("expected a JSON array of records in " + file + " but found "
                    + (root == null ? "nothing" : root.getNodeType()));
        }
        List<EvalCase> out = new ArrayList<>();
        int skipped = 0;
        for (JsonNode r : root) {
            if (out.size() >= limit) {
                break;
            }
            boolean zsre = r.has("src") && r.has("alt");
            String subject = r.path("subject").asText("");
            String prompt = zsre ? r.path("src").asText("") : r.path("prompt").asText("");
            String target = zsre ? r.path("alt").asText("") : r.path("target_new").asText("");
            String truth = zsre ? r.path("pred").asText(r.path("answers").path(0).asText(""))
                    : r.path("ground_truth").asText("");
            String rephrase = zsre ? r.path("rephrase").asText("") : r.path("rephrase_prompt").asText("");
            String locPrompt = zsre ? r.path("loc").asText("") : r.path("locality_prompt").asText("");
            String locAnswer = zsre ? r.path("loc_ans").asText("") : r.path("locality_ground_truth").asText("");
            if (subject.isBlank() || prompt.isBlank() || target.isBlank() || !prompt.contains(subject)) {
                skipped++;
                continue;
            }
            String id = (zsre ? "zsre:" : "counterfact:") + r.path("case_id").asText(String.valueOf(out.size() + skipped));
            out.add(new EvalCase(id, new FactEdit(prompt, subject, target), truth.isBlank() ? null : truth,
                    rephrase.isBlank() ? List.of() : List.of(rephrase),
                    locPrompt.isBlank() || locAnswer.isBlank() ? List.of() : List.of(new EvalCase.Probe(locPrompt, locAnswer)),
                    List.of()));
        }
        if (out.isEmpty()) {
            throw new EditorException("expected CounterFact or zsRE records in " + file + " but found none usable ("
                    + skipped + " skipped: no subject in the prompt, or a field missing)");
        }
        return out;
    }

    private static JsonNode resource(String name) {
        String path = "/dev/concord/editor/demo/" + name;
        try (InputStream in = EvalCases.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new EditorException("expected the resource " + path + " on the class path, found none");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new EditorException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
