package dev.concord.editor.demo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.concord.editor.EditorException;
import dev.concord.editor.LanguageModels;
import dev.concord.editor.edit.GradientLoop;
import dev.concord.editor.model.TinyModels;
import dev.concord.editor.model.TransformerModel;
import dev.concord.editor.tokenizer.ByteLevelBpe;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains the demo model from scratch: a byte-level BPE tokenizer on the facts' sentences, then a
 * GPT-2-architecture model (random seeded init, {@link TinyModels}) with next-token cross-entropy
 * on "prompt object&lt;|endoftext|&gt;" sequences (prompt tokens weighted 0.1), Adam with linear warm-up and cosine decay,
 * gradient-norm clipping, no dropout and no weight decay (the goal is memorisation). Deterministic
 * for a seed and a thread count. The model is written in the HF layout to {@code outDir}, with
 * {@code demo-facts.json} (the facts, their trained and held-out prompts) and {@code training.json}
 * (figures).
 *
 * <p>A fact counts as answered when greedy decoding of its prompt yields exactly the object's tokens
 * and then end-of-text. This is checked in batches by teacher forcing (the argmax at every object
 * position and at the end equals the expected token), which is the same condition.
 */
public final class DemoTrainer {

    /** The figures of a training run. */
    public record Result(Path dir, int steps, double seconds, double finalLoss, double trainAccuracy,
                         double heldOutAccuracy, int facts, int trainSequences, int heldOutSequences, int vocab,
                         long parameters) {
    }

    /** One tokenised sentence: ids of prompt, object and end-of-text; {@code promptLength} ids of prompt. */
    record Sequence(long[] ids, int promptLength) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double BETA2 = 0.98;
    /** Training stops at the first check where this share of the training sentences is answered. */
    static final double STOP_ACCURACY = 0.995;
    /**
     * Loss weight of prompt tokens relative to the object and end-of-text tokens: the prompts teach
     * the phrasings' language, the answers are what must be memorised.
     */
    static final float PROMPT_WEIGHT = 0.1f;

    private DemoTrainer() {
    }

    public static Result train(List<DemoFact> facts, DemoConfig cfg, Path outDir, Consumer<String> progress) {
        if (facts.isEmpty()) {
            throw new EditorException("expected at least one fact to train the demo model on but found none");
        }
        long start = System.nanoTime();
        Engine.getInstance().setRandomSeed((int) cfg.seed());
        // 1. tokenizer: byte-level BPE on every sentence (held-out phrasings too: a tokenizer holds no facts)
        List<String> corpus = new ArrayList<>();
        for (DemoFact f : facts) {
            for (String p : f.trainPrompts()) {
                corpus.add(p + " " + f.object());
            }
            corpus.addAll(f.heldOutPrompts());
        }
        ByteLevelBpe bpe = ByteLevelBpe.train(corpus, cfg.vocab() - 257);
        progress.accept(String.format(Locale.ROOT, "tokenizer: %d tokens (%d merges) from %d sentences",
                bpe.vocabSize(), bpe.mergeCount(), corpus.size()));
        // 2. random GPT-2 in the HF layout, loaded through the same code as any checkpoint
        TinyModels.randomGpt2(outDir, cfg.seed(), cfg.sizes(), bpe);
        nameModel(outDir.resolve("config.json"));
        try (TransformerModel model = LanguageModels.load(outDir, "cpu")) {
            List<Sequence> train = new ArrayList<>();
            List<Sequence> heldOut = new ArrayList<>();
            int skipped = 0;
            for (DemoFact f : facts) {
                for (String p : f.trainPrompts()) {
                    Sequence s = sequence(model, p, f.object());
                    if (s.ids.length - 1 <= cfg.seqLen()) {
                        train.add(s);
                    } else {
                        skipped++;
                    }
                }
                for (String p : f.heldOutPrompts()) {
                    Sequence s = sequence(model, p, f.object());
                    if (s.ids.length <= cfg.positions()) {
                        heldOut.add(s);
                    }
                }
            }
            if (skipped > 0) {
                progress.accept("skipped " + skipped + " training sentences longer than " + cfg.seqLen() + " tokens");
            }
            long paramCount = model.parameters().values().stream().mapToLong(a -> a.getShape().size()).sum();
            progress.accept(String.format(Locale.ROOT,
                    "model: GPT-2 V %d, d %d, %d layers, %d heads, %,d parameters; %d facts, %d training sequences",
                    cfg.vocab(), cfg.hidden(), cfg.layers(), cfg.heads(), paramCount, facts.size(), train.size()));
            // 3. training
            double[] lossAndSteps = optimise(model, train, cfg, progress, start);
            // 4. figures, then the checkpoint in the HF layout
            double trainAcc = accuracy(model, train);
            double heldAcc = heldOut.isEmpty() ? Double.NaN : accuracy(model, heldOut);
            double seconds = (System.nanoTime() - start) / 1e9;
            model.save(outDir);
            Result result = new Result(outDir, (int) lossAndSteps[1], seconds, lossAndSteps[0], trainAcc, heldAcc,
                    facts.size(), train.size(), heldOut.size(), bpe.vocabSize(), paramCount);
            writeFacts(outDir.resolve("demo-facts.json"), facts);
            writeFigures(outDir.resolve("training.json"), cfg, result);
            progress.accept(String.format(Locale.ROOT,
                    "done: %d steps in %.1f s, loss %.4f, training facts answered %.1f%%, held-out phrasings %.1f%%",
                    result.steps(), seconds, result.finalLoss(), 100 * trainAcc, 100 * heldAcc));
            return result;
        }
    }

    /** Names the model in its config.json ({@code _name_or_path}), which {@code ModelInfo.name()} reports. */
    private static void nameModel(Path config) {
        try {
            ObjectNode c = (ObjectNode) JSON.readTree(config.toFile());
            c.put("_name_or_path", "concord-demo-gpt2");
            JSON.writerWithDefaultPrettyPrinter().writeValue(config.toFile(), c);
        } catch (IOException e) {
            throw new EditorException("cannot write " + config + ": " + e.getMessage(), e);
        }
    }

    static Sequence sequence(TransformerModel model, String prompt, String object) {
        long[] p = model.tokenizer().encode(prompt);
        long[] o = model.targetIds(prompt, object);
        long[] ids = new long[p.length + o.length + 1];
        System.arraycopy(p, 0, ids, 0, p.length);
        System.arraycopy(o, 0, ids, p.length, o.length);
        ids[ids.length - 1] = model.tokenizer().endOfText();
        return new Sequence(ids, p.length);
    }

    /**
     * Adam over all parameters through the editor's {@link GradientLoop} (β₂ 0.98, the warm-up/cosine
     * schedule, global gradient-norm clipping; a step with a non-finite loss or gradient is dropped and
     * 20 in a row abort); returns {last loss, steps}.
     */
    private static double[] optimise(TransformerModel model, List<Sequence> data, DemoConfig cfg,
                                     Consumer<String> progress, long start) {
        List<String> names = new ArrayList<>(model.parameters().keySet());
        List<float[]> flat = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        for (String n : names) {
            NDArray w = model.parameters().get(n);
            flat.add(w.toType(DataType.FLOAT32, false).toFloatArray());
            shapes.add(w.getShape());
        }
        long eos = model.tokenizer().endOfText();
        Random random = new Random(cfg.seed());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            order.add(i);
        }
        int[] cursor = {data.size()};
        double[] last = {Double.NaN};
        GradientLoop.Options options = new GradientLoop.Options(BETA2,
                step -> learningRate(cfg, step) / cfg.learningRate(), cfg.clipNorm(), 20);
        GradientLoop.Result run;
        try (NDManager base = model.newManager()) {
            run = GradientLoop.run(base, flat, shapes, cfg.learningRate(), cfg.maxSteps(), Double.NEGATIVE_INFINITY,
                    options, (scope, ps, step) -> {
                        // batch: the next rows of a seeded shuffle
                        List<Sequence> batch = new ArrayList<>();
                        while (batch.size() < Math.min(cfg.batch(), data.size())) {
                            if (cursor[0] >= order.size()) {
                                Collections.shuffle(order, random);
                                cursor[0] = 0;
                            }
                            batch.add(data.get(order.get(cursor[0]++)));
                        }
                        Map<String, NDArray> substitutes = new LinkedHashMap<>();
                        for (int i = 0; i < names.size(); i++) {
                            substitutes.put(names.get(i), ps.get(i));
                        }
                        NDArray loss = batchLoss(model, scope, batch, eos, substitutes);
                        last[0] = loss.getFloat();
                        return GradientLoop.Loss.of(loss);
                    }, (ps, p) -> {
                        if (p.step() % Math.max(1, cfg.checkEvery() / 2) == 0 || p.step() == 1) {
                            progress.accept(String.format(Locale.ROOT,
                                    "step %d/%d  loss %.4f  grad norm %.3f  lr %.2e  elapsed %.1f s", p.step(), cfg.maxSteps(),
                                    p.watched(), p.gradNorm(), cfg.learningRate() * p.lrScale(),
                                    (System.nanoTime() - start) / 1e9));
                        }
                        if (p.step() % cfg.checkEvery() != 0) {
                            return false;
                        }
                        store(model, names, ps);
                        double acc = accuracy(model, data);
                        progress.accept(String.format(Locale.ROOT, "step %d: training facts answered %.1f%%", p.step(),
                                100 * acc));
                        return acc >= STOP_ACCURACY;
                    });
        } catch (ArithmeticException e) {
            throw new EditorException("demo training diverged: " + e.getMessage(), e);
        }
        if (run.skipped() > 0) {
            progress.accept(run.skipped() + " steps dropped: non-finite loss or gradient");
        }
        store(model, names, flat);
        return new double[]{last[0], run.steps()};
    }

    /** The weighted next-token loss of a batch (prompt tokens weighted {@link #PROMPT_WEIGHT}). */
    private static NDArray batchLoss(TransformerModel model, NDManager scope, List<Sequence> batch, long eos,
                                     Map<String, NDArray> substitutes) {
        Padded p = Padded.of(batch, eos);
        NDArray ids = scope.create(p.in, new Shape(batch.size(), p.t));
        NDArray targets = scope.create(p.out, new Shape(batch.size(), p.t, 1));
        NDArray maskArr = scope.create(p.weights, new Shape(batch.size(), p.t));
        NDArray logits = model.forwardWith(scope, ids, p.lengths, substitutes);        // (B, T, V)
        NDArray nll = logits.logSoftmax(-1).gather(targets, 2).squeeze(2).neg(); // (B, T)
        return nll.mul(maskArr).sum().div(maskArr.sum());
    }

    /**
     * Sequences padded with end-of-text to the longest: inputs, next-token targets, loss weights (0 on
     * padding, {@link #PROMPT_WEIGHT} on prompt tokens) and each row's length, all (B, T) row-major.
     */
    private record Padded(int t, long[] in, long[] out, float[] weights, long[] lengths) {
        static Padded of(List<Sequence> rows, long eos) {
            int t = rows.stream().mapToInt(s -> s.ids.length - 1).max().orElseThrow();
            Padded p = new Padded(t, new long[rows.size() * t], new long[rows.size() * t], new float[rows.size() * t],
                    new long[rows.size()]);
            for (int b = 0; b < rows.size(); b++) {
                long[] ids = rows.get(b).ids;
                p.lengths[b] = ids.length - 1;
                for (int i = 0; i < t; i++) {
                    boolean real = i < ids.length - 1;
                    p.in[b * t + i] = real ? ids[i] : eos;
                    p.out[b * t + i] = real ? ids[i + 1] : eos;
                    boolean answer = i >= rows.get(b).promptLength - 1;
                    p.weights[b * t + i] = real ? (answer ? 1f : PROMPT_WEIGHT) : 0f;
                }
            }
            return p;
        }
    }

    /** Writes the trained values into the model's own tensors. */
    private static void store(TransformerModel model, List<String> names, List<float[]> values) {
        for (int i = 0; i < names.size(); i++) {
            model.parameters().get(names.get(i)).set(FloatBuffer.wrap(values.get(i)));
        }
    }

    /** Linear warm-up to the peak, then cosine decay to 10% of it at the step budget. */
    static double learningRate(DemoConfig cfg, int step) {
        if (step <= cfg.warmupSteps()) {
            return cfg.learningRate() * step / Math.max(1, cfg.warmupSteps());
        }
        double progress = (double) (step - cfg.warmupSteps()) / Math.max(1, cfg.maxSteps() - cfg.warmupSteps());
        return cfg.learningRate() * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))));
    }

    /** Share of sequences whose object and end-of-text are each the argmax given the preceding tokens. */
    static double accuracy(TransformerModel model, List<Sequence> data) {
        int correct = 0;
        int chunk = 64;
        long eos = model.tokenizer().endOfText();
        for (int from = 0; from < data.size(); from += chunk) {
            List<Sequence> part = data.subList(from, Math.min(data.size(), from + chunk));
            Padded p = Padded.of(part, eos);
            int t = p.t;
            long[] predicted;
            try (NDManager m = model.newManager()) {
                NDArray logits = model.forward(m, m.create(p.in, new Shape(part.size(), t)), p.lengths, null);
                predicted = logits.argMax(2).toLongArray();
            }
            for (int b = 0; b < part.size(); b++) {
                Sequence s = part.get(b);
                boolean ok = true;
                for (int pos = s.promptLength - 1; pos < s.ids.length - 1 && ok; pos++) {
                    ok = predicted[b * t + pos] == s.ids[pos + 1];
                }
                if (ok) {
                    correct++;
                }
            }
        }
        return data.isEmpty() ? 0 : (double) correct / data.size();
    }

    private static void writeFacts(Path file, List<DemoFact> facts) {
        ObjectNode root = JSON.createObjectNode();
        root.put("description", "Facts the demo model was trained on. train_prompts were trained (prompt + ' ' + object);"
                + " held_out_prompts were never trained and measure generalisation. KG facts hold out their relation's"
                + " last template; CounterFact facts hold out their rephrase_prompt.");
        ArrayNode list = root.putArray("facts");
        for (DemoFact f : facts) {
            ObjectNode n = list.addObject();
            n.put("subject", f.subject());
            n.put("relation", f.relation());
            n.put("object", f.object());
            n.put("source", f.source());
            f.trainPrompts().forEach(n.putArray("train_prompts")::add);
            f.heldOutPrompts().forEach(n.putArray("held_out_prompts")::add);
        }
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new EditorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeFigures(Path file, DemoConfig cfg, Result r) {
        ObjectNode root = JSON.createObjectNode();
        root.set("config", JSON.valueToTree(cfg));
        root.put("steps", r.steps());
        root.put("seconds", Math.round(r.seconds() * 10) / 10.0);
        root.put("final_loss", r.finalLoss());
        root.put("train_accuracy", r.trainAccuracy());
        root.put("held_out_accuracy", Double.isNaN(r.heldOutAccuracy()) ? null : r.heldOutAccuracy());
        root.put("facts", r.facts());
        root.put("train_sequences", r.trainSequences());
        root.put("held_out_sequences", r.heldOutSequences());
        root.put("tokenizer_vocab", r.vocab());
        root.put("parameters", r.parameters());
        root.put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new EditorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
