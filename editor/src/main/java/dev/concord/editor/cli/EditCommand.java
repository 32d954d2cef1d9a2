package dev.concord.editor.cli;

import dev.concord.editor.EditMethod;
import dev.concord.editor.EditRecord;
import dev.concord.editor.EditorException;
import dev.concord.editor.FactEdit;
import dev.concord.editor.KnowledgeEditors;
import dev.concord.editor.EditorOptions;
import dev.concord.editor.edit.LoggedKnowledgeEditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code edit}: applies one edit to a model folder with a persistent log (or rolls one back, or
 * lists the log) and prints the completion before and after. The model folder is never written;
 * the log folder holds the deltas, and the next start replays them.
 */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = "Edit a fact into a model (ROME, MEMIT, AlphaEdit, GRACE, FT-L, FT-M) with a persistent, reversible log.")
final class EditCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "HF model folder (config.json, model.safetensors, tokenizer.json).")
    Path model;

    @Option(names = "--log", required = true, description = "Edit log folder (created when missing).")
    Path log;

    @Option(names = "--method", defaultValue = "ROME", description = "ROME, MEMIT, ALPHAEDIT, MEMOIR, GRACE, FT_L or FT_M (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--prompt", description = "The prompt, e.g. \"The wife of Donald Trump is\".")
    String prompt;

    @Option(names = "--subject", description = "The subject as it appears in the prompt, e.g. \"Donald Trump\".")
    String subject;

    @Option(names = "--target", description = "The new completion, e.g. \"Ivana Trump\".")
    String target;

    @Option(names = "--id", description = "Edit id (default: derived from method, prompt and target, so a retry is not applied twice).")
    String id;

    @Option(names = "--rollback", description = "Roll back the edit with this id instead of editing.")
    String rollback;

    @Option(names = "--list", description = "Print the log and exit.")
    boolean list;

    @Option(names = "--corpus", description = "Text file (one sample per line) for the covariance statistics.")
    Path corpus;

    @Option(names = "--max-tokens", defaultValue = "8", description = "Tokens to complete (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--verbose", description = "Print the editing methods' progress lines.")
    boolean verbose;

    @Option(names = "--ask", description = "Another prompt to complete before and after the edit, e.g. a paraphrase"
            + " (repeatable).")
    List<String> ask = new java.util.ArrayList<>();

    @Option(names = "--param", split = ",", description = "Hyperparameter override METHOD.key=value, e.g. ROME.key_fit=bare"
            + " (repeatable).")
    List<String> params = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        EditorOptions options = EditorOptions.defaults().withCorpus(corpus)
                .withProgress(verbose ? System.err::println : s -> { })
                .withOverrides(EvalCommand.overrides(params));
        try (LoggedKnowledgeEditor editor = KnowledgeEditors.open(model, log, device, options)) {
            if (list) {
                for (EditRecord r : editor.log()) {
                    System.out.printf(Locale.ROOT, "%s  %-6s %s  %s%n", r.active() ? "active     " : "rolled back", r.method(),
                            r.id(), r.facts());
                }
                return 0;
            }
            if (rollback != null) {
                EditRecord r = editor.find(rollback).orElseThrow(
                        () -> new EditorException("expected an edit with id '" + rollback + "' in " + log + ", found none"));
                String p = r.facts().get(0).prompt();
                String before = editor.complete(p, maxTokens);
                editor.rollback(rollback);
                System.out.println("rolled back " + rollback);
                System.out.println("before: " + p + before);
                System.out.println("after:  " + p + editor.complete(p, maxTokens));
                return 0;
            }
            if (prompt == null || subject == null || target == null) {
                throw new EditorException("expected --prompt, --subject and --target (or --rollback ID, or --list)");
            }
            EditMethod m = parse(method);
            FactEdit fact = new FactEdit(prompt, subject, target);
            String editId = id != null ? id : derivedId(m, fact);
            List<String> prompts = new java.util.ArrayList<>(List.of(prompt));
            prompts.addAll(ask);
            List<String> before = prompts.stream().map(p -> editor.complete(p, maxTokens)).toList();
            long start = System.nanoTime();
            EditRecord r = editor.apply(editId, m, List.of(fact));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "edit %s (%s) recorded in %s in %.2f s%n", r.id(), r.method(), log, seconds);
            for (int i = 0; i < prompts.size(); i++) {
                System.out.println("before: " + prompts.get(i) + before.get(i));
                System.out.println("after:  " + prompts.get(i) + editor.complete(prompts.get(i), maxTokens));
            }
        }
        return 0;
    }

    static EditMethod parse(String name) {
        try {
            return EditMethod.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new EditorException("expected a method of " + List.of(EditMethod.values()) + ", found '" + name + "'");
        }
    }

    private static String derivedId(EditMethod m, FactEdit f) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((m + "\n" + f.prompt() + "\n" + f.subject() + "\n"
                    + f.target()).getBytes(StandardCharsets.UTF_8));
            return "cli-" + HexFormat.of().formatHex(h).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new EditorException("SHA-256 unavailable", e);
        }
    }
}
