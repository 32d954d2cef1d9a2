package dev.concord.editor.edit;

import dev.concord.editor.EditorOptions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.concord.editor.EditMethod;
import dev.concord.editor.EditRecord;
import dev.concord.editor.EditorException;
import dev.concord.editor.FactEdit;
import dev.concord.editor.KnowledgeEditor;
import dev.concord.editor.LanguageModel;
import dev.concord.editor.MlpHook;
import dev.concord.editor.edit.ft.FineTune;
import dev.concord.editor.edit.grace.Grace;
import dev.concord.editor.edit.grace.GraceCodebook;
import dev.concord.editor.edit.memoir.Memoir;
import dev.concord.editor.edit.memoir.ResidualMemory;
import dev.concord.editor.edit.memit.Memit;
import dev.concord.editor.edit.rome.Rome;
import dev.concord.editor.edit.stats.LayerStats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link KnowledgeEditor} over a loaded model and a persistent {@link EditLog}.
 *
 * <p>The base weights stay in the model folder; the live model is base + the deltas of the active
 * log entries, applied in log order. Applying an edit computes its deltas against the live model,
 * persists them (delta file, then log), and only then adds them to the weights or the GRACE
 * codebook. Rolling back edit k marks it inactive in the log and rebuilds every layer it touched
 * as base + the remaining active deltas in log order (the same sum a fresh load replaying the log
 * computes, so the result is identical, not "subtract and hope"); GRACE codebooks are rebuilt from
 * the remaining entries. All public methods are serialised on this object.
 */
public final class LoggedKnowledgeEditor implements KnowledgeEditor {
    private final LanguageModel runtime;
    private final EditedModel model;
    private final EditLog log;
    private final EditorOptions options;
    private final NDManager manager;
    private final Map<String, List<EditDelta>> active = new LinkedHashMap<>();
    private final Map<Integer, NDArray> base = new HashMap<>();
    private final Map<Integer, GraceCodebook> codebooks = new TreeMap<>();
    private final Map<Integer, ResidualMemory> memories = new TreeMap<>();
    private final Map<EditMethod, HyperParams> params = new EnumMap<>(EditMethod.class);
    private final ContextPrefixes prefixes;
    private final Path modelDir;
    private LayerStats stats;
    private List<String> corpusCache;

    /**
     * Takes ownership of {@code runtime} (closed with this editor) and replays the active entries
     * of the log in {@code logDir} onto it.
     */
    public LoggedKnowledgeEditor(LanguageModel runtime, Path modelDir, Path logDir, EditorOptions options) {
        this.runtime = runtime;
        this.model = new EditedModel(runtime);
        this.options = options;
        this.modelDir = modelDir;
        this.manager = runtime.newManager();
        try {
            this.log = new EditLog(logDir);
            String profile = modelDir != null && Files.isRegularFile(modelDir.resolve("demo-facts.json")) ? "demo"
                    : HyperParams.profileOf(runtime.info());
            for (EditMethod m : EditMethod.values()) {
                HyperParams hp = HyperParams.load(m, profile);
                Map<String, String> o = options.overrides().get(m);
                params.put(m, o == null ? hp : hp.with(o));
            }
            this.prefixes = new ContextPrefixes(model);
            for (EditLog.Entry e : log.entries()) {
                if (e.record().active()) {
                    List<EditDelta> deltas = log.deltas(e, manager);
                    active.put(e.record().id(), deltas);
                    addWeights(deltas);
                }
            }
            rebuildCodebooks();
            int n = active.size();
            if (n > 0) {
                options.progress().accept("replayed " + n + " active edit(s) from " + logDir);
            }
        } catch (RuntimeException e) {
            manager.close();
            runtime.close();
            throw e;
        }
    }

    @Override
    public String modelName() {
        return runtime.info().name();
    }

    @Override
    public EditMethod defaultMethod() {
        // Measured on SmolLM2 (a llama-profile model), 20 CounterFact records on one core: AlphaEdit
        // efficacy 1.00, paraphrase 1.00, neighbourhood 0.70, token locality 1.00 against ROME's 0.95,
        // 0.95, 0.50 and 0.90, at 1.3 times ROME's time per edit; on 100 records still ahead on
        // neighbourhood and locality. Gemma 3 270M, 10 records: AlphaEdit token locality 1.00 and
        // generation success 0.80 against ROME's 0.70 and 0.60, the rest equal (editor/EDITING.md).
        String profile = params.get(EditMethod.ROME).profile();
        return switch (profile) {
            case "llama", "gemma3" -> EditMethod.ALPHAEDIT;
            default -> EditMethod.GRACE;
        };
    }

    @Override
    public LanguageModel model() {
        return model;
    }

    /** The hyperparameters in use for a method. */
    public synchronized HyperParams params(EditMethod method) {
        return params.get(method);
    }

    @Override
    public synchronized EditRecord apply(String id, EditMethod method, List<FactEdit> facts) {
        if (id == null || id.isBlank()) {
            throw new EditorException("edit id must not be blank");
        }
        if (method == null) {
            throw new EditorException("expected an edit method, found none");
        }
        if (facts == null || facts.isEmpty()) {
            throw new EditorException("expected at least one fact to edit, found none");
        }
        Optional<EditLog.Entry> existing = log.find(id);
        if (existing.isPresent()) {
            return existing.get().record();
        }
        List<EditDelta> standing = active.values().stream().flatMap(List::stream).toList();
        EditContext ctx = new EditContext(model, params.get(method), stats(), prefixes, manager, options.progress(),
                standing);
        List<EditDelta> deltas = algorithm(method).compute(ctx, facts);
        EditRecord record = new EditRecord(id, method, facts, Instant.now(), true);
        try {
            for (EditDelta d : deltas) {
                d.requireFinite(method + " edit '" + id + "'");
            }
            log.append(record, deltas);
        } catch (RuntimeException e) {
            deltas.forEach(LoggedKnowledgeEditor::free);
            throw e;
        }
        active.put(id, deltas);
        addWeights(deltas);
        if (deltas.stream().anyMatch(LoggedKnowledgeEditor::isSideMemory)) {
            // the new edit is the last in log order, so adding its entries equals a rebuild (and is O(entries))
            addToCodebooks(deltas);
            installCodebooks();
        }
        return record;
    }

    @Override
    public synchronized EditRecord rollback(String id) {
        EditLog.Entry entry = log.find(id)
                .orElseThrow(() -> new EditorException("expected an edit with id '" + id + "' in the log, found none"));
        if (!entry.record().active()) {
            return entry.record();
        }
        EditLog.Entry updated = log.deactivate(id);
        List<EditDelta> removed = active.remove(id);
        java.util.Set<Integer> layers = new java.util.TreeSet<>();
        boolean codebook = false;
        for (EditDelta d : removed) {
            if (isSideMemory(d)) {
                codebook = true;
            } else {
                layers.add(d.layer());
            }
        }
        for (int layer : layers) {
            rebuildLayer(layer);
        }
        if (codebook) {
            rebuildCodebooks();
        }
        removed.forEach(LoggedKnowledgeEditor::free);
        return updated.record();
    }

    @Override
    public synchronized EditPackage exportEdit(String id) {
        return log.export(id);
    }

    @Override
    public synchronized EditRecord importEdit(EditPackage edit) {
        if (edit == null || edit.id() == null || edit.id().isBlank()) {
            throw new EditorException("expected a shared edit with an id, found none");
        }
        Optional<EditLog.Entry> existing = log.find(edit.id());
        if (existing.isPresent()) {
            return existing.get().record();
        }
        EditLog.Entry entry = log.importPackage(edit);
        List<EditDelta> deltas;
        try {
            deltas = log.deltas(entry, manager);
            for (EditDelta d : deltas) {
                d.requireFinite("shared edit '" + edit.id() + "'");
            }
            addWeights(deltas);
        } catch (RuntimeException e) {
            // keep the weights and the log true to each other: layers it may have touched are rebuilt
            // from the base and the active edits, and the entry stays, inactive
            for (EditLog.DeltaInfo info : entry.deltas()) {
                if (base.containsKey(info.layer())) {
                    rebuildLayer(info.layer());
                }
            }
            log.deactivate(edit.id());
            throw new EditorException("the shared edit '" + edit.id() + "' cannot be applied to " + modelName() + ": "
                    + e.getMessage(), e);
        }
        active.put(edit.id(), deltas);
        if (deltas.stream().anyMatch(LoggedKnowledgeEditor::isSideMemory)) {
            addToCodebooks(deltas);
            installCodebooks();
        }
        return entry.record();
    }

    @Override
    public synchronized List<EditRecord> log() {
        return log.entries().stream().map(EditLog.Entry::record).toList();
    }

    @Override
    public synchronized Optional<EditRecord> find(String id) {
        return log.find(id).map(EditLog.Entry::record);
    }

    @Override
    public synchronized String complete(String prompt, int maxNewTokens) {
        if (prompt == null || prompt.isBlank()) {
            throw new EditorException("expected a prompt, found none");
        }
        return model.generate(prompt, maxNewTokens);
    }

    @Override
    public synchronized void close() {
        codebooks.values().forEach(GraceCodebook::close);
        memories.values().forEach(ResidualMemory::close);
        if (stats != null) {
            stats.close();
        }
        manager.close();
        runtime.close();
    }

    private static EditAlgorithm algorithm(EditMethod method) {
        return switch (method) {
            case ROME -> new Rome();
            case MEMIT -> new Memit();
            case ALPHAEDIT -> new dev.concord.editor.edit.memit.AlphaEdit();
            case GRACE -> new Grace();
            case MEMOIR -> new Memoir();
            case FT_L -> new FineTune(false);
            case FT_M -> new FineTune(true);
        };
    }

    private Path statsDir() {
        return options.statsDir() != null ? options.statsDir() : log.dir().resolve("stats");
    }

    private LayerStats stats() {
        if (stats == null) {
            HyperParams rome = params.get(EditMethod.ROME);
            stats = new LayerStats(runtime, this::corpus, statsDir(), rome.integer("mom2_samples"),
                    rome.integer("mom2_length"), options.progress());
        }
        return stats;
    }

    /**
     * The statistics corpus, read or made once: the options' file, else the model folder's
     * corpus.txt, else the demo model's training sentences (demo-facts.json), else (a pretrained
     * model, no Wikipedia here) the seed graphs' facts as sentences plus text the model samples from
     * varied openings, kept in {@code <log>/stats/corpus-<model>.txt} so it is sampled only once.
     */
    private synchronized List<String> corpus() {
        if (corpusCache == null) {
            corpusCache = readCorpus();
        }
        return corpusCache;
    }

    private List<String> readCorpus() {
        Path file = options.corpus() != null ? options.corpus()
                : modelDir == null || !Files.isDirectory(modelDir) ? null : modelDir.resolve("corpus.txt");
        if (file != null && Files.isRegularFile(file)) {
            try {
                return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).toList();
            } catch (IOException e) {
                throw new EditorException("cannot read the statistics corpus " + file + ": " + e.getMessage(), e);
            }
        }
        if (options.corpus() != null) {
            throw new EditorException("expected a corpus text file at " + options.corpus() + ", found none");
        }
        Path demoFacts = modelDir == null || !Files.isDirectory(modelDir) ? null : modelDir.resolve("demo-facts.json");
        if (demoFacts != null && Files.isRegularFile(demoFacts)) {
            return demoCorpus(demoFacts);
        }
        Path cached = statsDir().resolve("corpus-"
                + runtime.info().name().replaceAll("[^A-Za-z0-9._-]", "_") + ".txt");
        if (Files.isRegularFile(cached)) {
            try {
                return Files.readAllLines(cached, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).toList();
            } catch (IOException e) {
                throw new EditorException("cannot read the statistics corpus " + cached + ": " + e.getMessage(), e);
            }
        }
        List<String> texts = new ArrayList<>();
        for (dev.concord.editor.demo.DemoFact f : dev.concord.editor.demo.DemoFacts.load(0)) {
            for (String prompt : f.trainPrompts()) {
                texts.add(prompt + " " + f.object() + ".");
            }
        }
        int n = Math.min(params.get(EditMethod.ROME).integer("mom2_model_samples"),
                params.get(EditMethod.ROME).integer("mom2_samples"));
        int length = Math.min(48, params.get(EditMethod.ROME).integer("mom2_length"));
        options.progress().accept("no corpus file: " + texts.size() + " sentences from the seed graphs and " + n
                + " texts of up to " + length + " tokens sampled from the model (once; kept in " + cached + ")");
        String[] starts = {"The", "In 1990,", "She", "According to the report,", "My favourite", "Scientists",
                "The city of", "He was born", "Yesterday", "The company", "Once upon a time", "In the"};
        List<String> sampled = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String s = starts[i % starts.length];
            sampled.add(s + runtime.sample(s, length, 1.0, 40, 7L * i + 1).replace('\n', ' '));
            if ((i + 1) % 16 == 0) {
                options.progress().accept("sampled " + (i + 1) + "/" + n + " statistics texts");
            }
        }
        // interleave so that any prefix of the corpus (mom2_samples) mixes both kinds
        List<String> mixed = new ArrayList<>();
        for (int i = 0; i < Math.max(texts.size(), sampled.size()); i++) {
            if (i < sampled.size()) {
                mixed.add(sampled.get(i));
            }
            if (i < texts.size()) {
                mixed.add(texts.get(i));
            }
        }
        try {
            Files.createDirectories(cached.getParent());
            Path tmp = cached.resolveSibling(cached.getFileName() + ".partial");
            Files.write(tmp, mixed, StandardCharsets.UTF_8);
            Files.move(tmp, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            options.progress().accept("could not keep the statistics corpus in " + cached + ": " + e.getMessage());
        }
        return mixed;
    }

    /** E[k kᵀ] of a layer's MLP keys (computed over the statistics corpus and cached on disk, or read from the cache). */
    public synchronized void statistics(int layer) {
        stats().secondMoment(layer);
    }

    private static List<String> demoCorpus(Path demoFacts) {
        try {
            List<String> out = new ArrayList<>();
            for (var f : new com.fasterxml.jackson.databind.ObjectMapper().readTree(demoFacts.toFile()).path("facts")) {
                String object = f.path("object").asText();
                f.path("train_prompts").forEach(p -> out.add(p.asText() + " " + object));
            }
            return out;
        } catch (IOException e) {
            throw new EditorException("cannot read " + demoFacts + ": " + e.getMessage(), e);
        }
    }

    /** Adds weight deltas to the live weights, keeping a copy of each layer's base weight first. */
    private void addWeights(List<EditDelta> deltas) {
        for (EditDelta d : deltas) {
            if (isSideMemory(d)) {
                continue;
            }
            NDArray w = runtime.mlpOutWeight(d.layer());
            base.computeIfAbsent(d.layer(), l -> {
                NDArray copy = w.duplicate();
                copy.attach(manager);
                return copy;
            });
            try (NDManager scope = manager.newSubManager()) {
                NDArray dw = matrix(d, scope);
                w.addi(dw);
            }
        }
    }

    /** Sets a layer's weight to base + the active deltas on it, in log order. */
    private void rebuildLayer(int layer) {
        NDArray w = runtime.mlpOutWeight(layer);
        NDArray b = base.get(layer);
        try (NDManager scope = manager.newSubManager()) {
            NDArray acc = b.duplicate();
            acc.attach(scope);
            for (List<EditDelta> ds : active.values()) {
                for (EditDelta d : ds) {
                    if (!isSideMemory(d) && d.layer() == layer) {
                        acc.addi(matrix(d, scope));
                    }
                }
            }
            w.set(acc.toFloatArray());
        }
    }

    private static NDArray matrix(EditDelta d, NDManager scope) {
        NDArray m;
        if (d instanceof EditDelta.LowRank lr) {
            m = lr.matrix();
        } else if (d instanceof EditDelta.Dense dense) {
            m = dense.delta().duplicate();
        } else {
            throw new IllegalArgumentException("not a weight delta: " + d);
        }
        m.attach(scope);
        return m;
    }

    /** The codebooks from the active edits' entries, added in log order (what a fresh load replays). */
    private void rebuildCodebooks() {
        codebooks.values().forEach(GraceCodebook::close);
        codebooks.clear();
        memories.values().forEach(ResidualMemory::close);
        memories.clear();
        for (List<EditDelta> ds : active.values()) {
            addToCodebooks(ds);
        }
        installCodebooks();
    }

    private void addToCodebooks(List<EditDelta> ds) {
        for (EditDelta d : ds) {
            if (d instanceof EditDelta.Memory mem) {
                memories.computeIfAbsent(mem.layer(), ResidualMemory::new).add(mem);
            }
            if (d instanceof EditDelta.Codebook cb) {
                GraceCodebook book = codebooks.computeIfAbsent(cb.layer(), GraceCodebook::new);
                int n = cb.labels().length;
                float[] keys = cb.keys().toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                float[] values = cb.values().toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                int di = keys.length / n;
                int dm = values.length / n;
                for (int i = 0; i < n; i++) {
                    book.add(java.util.Arrays.copyOfRange(keys, i * di, (i + 1) * di),
                            java.util.Arrays.copyOfRange(values, i * dm, (i + 1) * dm), cb.labels()[i], cb.epsilon());
                }
            }
        }
    }

    private void installCodebooks() {
        Map<Integer, MlpHook> hooks = new HashMap<>();
        codebooks.forEach((layer, book) -> {
            if (book.size() > 0) {
                hooks.put(layer, book);
            }
        });
        memories.forEach((layer, memory) -> {
            if (memory.size() > 0) {
                hooks.merge(layer, memory, Forward::then);
            }
        });
        model.standingHooks(hooks);
    }

    private static void free(EditDelta d) {
        if (d instanceof EditDelta.LowRank lr) {
            lr.tensors().forEach(NDArray::close);
        } else if (d instanceof EditDelta.Dense dense) {
            dense.delta().close();
        } else if (d instanceof EditDelta.Codebook cb) {
            cb.keys().close();
            cb.values().close();
        } else if (d instanceof EditDelta.Memory mem) {
            mem.tensors().forEach(NDArray::close);
        }
    }

    /** GRACE codebooks and MEMOIR memories: deltas kept beside the weights as hooks, never added to them. */
    private static boolean isSideMemory(EditDelta d) {
        return d instanceof EditDelta.Codebook || d instanceof EditDelta.Memory;
    }
}
