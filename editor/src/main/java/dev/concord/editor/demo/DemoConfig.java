package dev.concord.editor.demo;

import dev.concord.editor.EditorException;
import dev.concord.editor.model.TinyModels;

/**
 * How the demo model is built: tokenizer size, GPT-2 sizes, training schedule and data.
 *
 * @param vocab            BPE vocabulary including the 256 byte tokens and end-of-text
 * @param seqLen           longest training sequence in tokens (longer facts are skipped)
 * @param maxSteps         step budget; training stops earlier once every training fact is answered
 * @param learningRate     peak Adam learning rate (linear warm-up over {@code warmupSteps}, then cosine to 10%)
 * @param counterfactLimit how many CounterFact records to learn besides the KG triples
 * @param checkEvery       steps between accuracy checks (progress lines come every {@code checkEvery/2} steps)
 */
public record DemoConfig(int vocab, int hidden, int layers, int heads, int inner, int positions, int seqLen,
                         int batch, int maxSteps, int warmupSteps, double learningRate, double clipNorm, long seed,
                         int counterfactLimit, int checkEvery) {
    public DemoConfig {
        if (seqLen > positions || batch < 1 || maxSteps < 1 || learningRate <= 0 || checkEvery < 2) {
            throw new EditorException("expected seqLen <= positions, batch >= 1, steps >= 1, a positive learning rate"
                    + " and checkEvery >= 2 but found seqLen=" + seqLen + " positions=" + positions + " batch=" + batch
                    + " steps=" + maxSteps + " lr=" + learningRate + " checkEvery=" + checkEvery);
        }
        new TinyModels.Sizes(vocab, hidden, layers, heads, inner, positions); // validates the sizes
    }

    /** The shipped demo model: V 2048, d 128, 4 layers, 4 heads, seq 32, batch 32. */
    public static DemoConfig standard() {
        return new DemoConfig(2048, 128, 4, 4, 512, 128, 32, 32, 2400, 100, 2e-3, 1.0, 20260522L, 1000, 100);
    }

    public TinyModels.Sizes sizes() {
        return new TinyModels.Sizes(vocab, hidden, layers, heads, inner, positions);
    }

    public DemoConfig withSizes(int vocab, int hidden, int layers, int heads) {
        return new DemoConfig(vocab, hidden, layers, heads, 4 * hidden, positions, seqLen, batch, maxSteps, warmupSteps,
                learningRate, clipNorm, seed, counterfactLimit, checkEvery);
    }

    public DemoConfig withSeed(long newSeed) {
        return new DemoConfig(vocab, hidden, layers, heads, inner, positions, seqLen, batch, maxSteps, warmupSteps,
                learningRate, clipNorm, newSeed, counterfactLimit, checkEvery);
    }

    public DemoConfig withSteps(int steps) {
        return new DemoConfig(vocab, hidden, layers, heads, inner, positions, seqLen, batch, steps, warmupSteps,
                learningRate, clipNorm, seed, counterfactLimit, checkEvery);
    }

    public DemoConfig withCheckEvery(int every) {
        return new DemoConfig(vocab, hidden, layers, heads, inner, positions, seqLen, batch, maxSteps, warmupSteps,
                learningRate, clipNorm, seed, counterfactLimit, every);
    }

    public DemoConfig withCounterfactLimit(int limit) {
        return new DemoConfig(vocab, hidden, layers, heads, inner, positions, seqLen, batch, maxSteps, warmupSteps,
                learningRate, clipNorm, seed, limit, checkEvery);
    }
}
