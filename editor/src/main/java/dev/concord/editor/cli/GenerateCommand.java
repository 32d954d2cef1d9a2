package dev.concord.editor.cli;

import dev.concord.editor.LanguageModels;
import dev.concord.editor.model.TransformerModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code generate}: greedy (or sampled) completion of a prompt. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Complete a prompt with a model folder (greedy unless --temperature is above 0).")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "HF model folder (config.json, model.safetensors, tokenizer.json).")
    Path model;

    @Option(names = "--prompt", required = true, description = "The prompt.")
    String prompt;

    @Option(names = "--max-tokens", defaultValue = "20", description = "New tokens at most (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "Sampling temperature; 0 = greedy (default).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "40", description = "Top-k cut-off when sampling (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() {
        try (TransformerModel m = LanguageModels.load(model, device)) {
            String text = temperature > 0 ? m.sample(prompt, maxTokens, temperature, topK, seed)
                    : m.generate(prompt, maxTokens);
            System.out.println(prompt + text);
        }
        return 0;
    }
}
