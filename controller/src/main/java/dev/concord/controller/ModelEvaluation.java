package dev.concord.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The last evaluation run that {@code ./concord editor eval} left in a model's folder. */
public final class ModelEvaluation {
    /** Where the eval command leaves a copy of its eval.json, inside the model folder. */
    public static final String FILE = "evaluation/last.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelEvaluation() {
    }

    /**
     * The last evaluation run: {@code model} as the eval command named it, the loaded model's name,
     * {@code ranAt} (the file's modification time) and {@code rows} exactly as the file has them
     * (method, T, batch, cases, reliability, generalisation, locality, portability,
     * greedy_exact_match, seconds_per_edit).
     */
    public record View(String model, String loadedModel, String file, String ranAt, List<JsonNode> rows) {
    }

    /** Reads {@link #FILE} under {@code modelFolder}: 404 when there is none, 503 when it is not an evaluation. */
    public static View last(Path modelFolder, String loadedModel) {
        Path file = modelFolder.resolve(FILE);
        JsonNode root;
        String ranAt;
        try {
            ranAt = Files.getLastModifiedTime(file).toInstant().toString();
            root = JSON.readTree(file.toFile());
        } catch (NoSuchFileException e) {
            throw ControllerException.notFound("no evaluation has been run on this model yet: run ./concord editor eval --model "
                    + modelFolder + " (it leaves " + FILE + " in the model folder)");
        } catch (IOException e) {
            throw ControllerException.unavailable("the last evaluation (" + file + ") cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.path("rows").isArray()) {
            throw ControllerException.unavailable("the last evaluation (" + file
                    + ") is not an evaluation: expected a JSON object with a rows array, found "
                    + (root == null ? "an empty file" : root.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        List<JsonNode> rows = new ArrayList<>();
        root.get("rows").forEach(rows::add);
        JsonNode name = root.path("model");
        return new View(name.isTextual() ? name.asText() : null, loadedModel, FILE, ranAt, rows);
    }
}
