package dev.concord.controller.alignment;

import dev.concord.interpreter.SentenceEncoder;
import dev.concord.kg.KnowledgeGraph;
import dev.concord.kg.RelationInfo;
import dev.concord.kg.Term;
import dev.concord.kg.Triple;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Proposes relations that may mean the same (owl:equivalentProperty) for an admin to review, from
 * two kinds of evidence:
 * <ul>
 *   <li><b>phrasing</b>: the best cosine similarity (all-MiniLM-L6-v2) between the relations'
 *       phrasings: the name read as words, the alternative labels and the templates with the
 *       subject written "X" ("born in", "X was born in" against "was born in", "X's birthplace is");</li>
 *   <li><b>pairs</b>: the share of subject-object pairs the two relations have in common, over the
 *       smaller relation's pairs (the same facts stated under both names).</li>
 * </ul>
 * A pair is proposed when its phrasing similarity reaches {@link #PHRASING}, or reaches
 * {@link #PHRASING_WITH_PAIRS} and at least {@link #MIN_SHARED} pairs are shared. Pairs already
 * aligned, a relation and its own inverse, pairs whose objects differ in kind (dates against places)
 * and pairs the caller says were decided are not proposed. The phrasing threshold was set on the
 * seed graphs: at 0.82 the encoder also proposed father/mother and born_date/born_in; 0.9 keeps the
 * synonyms (born/born_in/wasBornIn, educated/education, child/children, married_to/isMarriedTo).
 */
public final class AlignmentProposer {
    /** Phrasing similarity that proposes on its own. */
    public static final double PHRASING = 0.9;
    /** Phrasing similarity that proposes when the relations also share pairs. */
    public static final double PHRASING_WITH_PAIRS = 0.6;
    /** Shared subject-object pairs needed with the lower phrasing threshold. */
    public static final int MIN_SHARED = 1;
    private static final int MAX_PAIRS = 20_000;

    /** One proposal: the two relations (a before b), the evidence and a one-line reason. */
    public record Proposal(String a, String b, double phrasing, int sharedPairs, double pairOverlap, String reason) {
    }

    private final SentenceEncoder encoder;

    public AlignmentProposer(SentenceEncoder encoder) {
        this.encoder = encoder;
    }

    /** Proposals over the graph's relations, best first; {@code skip} holds "a|b" keys not to propose again. */
    public List<Proposal> propose(KnowledgeGraph kg, Set<String> skip) {
        List<RelationInfo> relations = new ArrayList<>(kg.relations());
        relations.sort(Comparator.comparing(RelationInfo::name));
        Map<String, List<float[]>> vectors = new HashMap<>();
        Map<String, List<String>> texts = new HashMap<>();
        for (RelationInfo r : relations) {
            List<String> t = phrasings(r);
            texts.put(r.name(), t);
            List<float[]> v = new ArrayList<>();
            for (String s : t) {
                v.add(encoder.encode(s));
            }
            vectors.put(r.name(), v);
        }
        Map<String, Set<String>> pairs = new HashMap<>();
        Map<String, Integer> kinds = new HashMap<>();
        List<Proposal> out = new ArrayList<>();
        for (int i = 0; i < relations.size(); i++) {
            RelationInfo ri = relations.get(i);
            for (int j = i + 1; j < relations.size(); j++) {
                RelationInfo rj = relations.get(j);
                String a = ri.name();
                String b = rj.name();
                if (skip.contains(key(a, b)) || ri.equivalents().contains(b) || b.equals(ri.inverse()) || a.equals(rj.inverse())) {
                    continue;
                }
                double best = -1;
                String why = "";
                List<float[]> va = vectors.get(a);
                List<float[]> vb = vectors.get(b);
                for (int x = 0; x < va.size(); x++) {
                    for (int y = 0; y < vb.size(); y++) {
                        double c = SentenceEncoder.cosine(va.get(x), vb.get(y));
                        if (c > best) {
                            best = c;
                            why = "'" + texts.get(a).get(x) + "' ~ '" + texts.get(b).get(y) + "'";
                        }
                    }
                }
                if (best < PHRASING_WITH_PAIRS) {
                    continue;
                }
                if (kinds.computeIfAbsent(a, r -> objectKind(kg, r)) * kinds.computeIfAbsent(b, r -> objectKind(kg, r)) < 0) {
                    continue; // one relation's objects are values (dates, numbers), the other's entities
                }
                Set<String> pa = pairs.computeIfAbsent(a, r -> pairsOf(kg, r));
                Set<String> pb = pairs.computeIfAbsent(b, r -> pairsOf(kg, r));
                int shared = 0;
                for (String p : pa.size() <= pb.size() ? pa : pb) {
                    if ((pa.size() <= pb.size() ? pb : pa).contains(p)) {
                        shared++;
                    }
                }
                int smaller = Math.min(pa.size(), pb.size());
                double overlap = smaller == 0 ? 0 : (double) shared / smaller;
                if (best >= PHRASING || shared >= MIN_SHARED) {
                    out.add(new Proposal(a, b, best, shared, overlap, String.format(java.util.Locale.ROOT,
                            "phrasing %.2f (%s); %d shared subject-object pair(s)", best, why, shared)));
                }
            }
        }
        out.sort(Comparator.comparingDouble((Proposal p) -> p.phrasing() + 0.2 * p.pairOverlap()).reversed());
        return out;
    }

    /** The texts compared: the name as words, alternative labels, templates with the subject as X. */
    static List<String> phrasings(RelationInfo r) {
        Set<String> out = new LinkedHashSet<>();
        out.add(words(r.name()));
        for (String l : r.altLabels()) {
            out.add(l.strip());
        }
        for (String t : r.templates()) {
            out.add(t.replace("{subject}", "X").replace("{object}", "Y").strip());
        }
        out.removeIf(String::isBlank);
        return List.copyOf(out);
    }

    /** "wasBornIn" and "born_in" as words: "was born in", "born in". */
    static String words(String name) {
        return name.replace('_', ' ').replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT).strip();
    }

    private static Set<String> pairsOf(KnowledgeGraph kg, String relation) {
        Set<String> out = new HashSet<>();
        for (Triple t : kg.match(null, relation, null)) {
            if (t.object() instanceof Term.Entity e) {
                out.add(t.subject() + "\u0000" + e.name());
                if (out.size() >= MAX_PAIRS) {
                    break;
                }
            }
        }
        return out;
    }

    /** +1 when most of the relation's objects are entities, -1 when most are literals, 0 without facts. */
    private static int objectKind(KnowledgeGraph kg, String relation) {
        int entities = 0;
        int literals = 0;
        for (Triple t : kg.match(null, relation, null)) {
            if (t.object() instanceof Term.Entity) {
                entities++;
            } else {
                literals++;
            }
            if (entities + literals >= 200) {
                break;
            }
        }
        return Integer.signum(entities - literals);
    }

    /** The key of an unordered pair. */
    public static String key(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }
}
