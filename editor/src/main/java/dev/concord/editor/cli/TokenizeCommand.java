package dev.concord.editor.cli;

import dev.concord.editor.LanguageModels;
import dev.concord.editor.TextTokenizer;
import dev.concord.editor.tokenizer.HfTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code tokenize}: a text's token ids as JSON, with the model's own tokenizer (no special tokens added). */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Print the token ids of a text as a JSON array (the model's tokenizer, no special tokens added).")
final class TokenizeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "A .gguf file, a folder with one, or an HF model folder.")
    Path model;

    @Parameters(index = "0", description = "The text.")
    String text;

    @Override
    public Integer call() {
        TextTokenizer t = LanguageModels.tokenizer(model);
        try {
            System.out.println(Arrays.stream(t.encode(text)).mapToObj(Long::toString)
                    .collect(Collectors.joining(",", "[", "]")));
        } finally {
            if (t instanceof HfTokenizer hf) {
                hf.close();
            }
        }
        return 0;
    }
}
