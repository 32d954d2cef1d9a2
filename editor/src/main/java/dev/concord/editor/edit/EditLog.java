package dev.concord.editor.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.concord.editor.EditMethod;
import dev.concord.editor.EditRecord;
import dev.concord.editor.EditorException;
import dev.concord.editor.FactEdit;
import dev.concord.editor.io.SafeTensors;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The persistent model edit log: a folder with {@code log.json} (the records, oldest first, each
 * naming its delta file and the shape of its deltas) and {@code deltas/NNNNNN.safetensors} (the
 * tensors of each edit: rank-one/low-rank factors, dense deltas, GRACE codebook entries).
 *
 * <p>Durability: a delta file is written to a temporary name, forced to disk and renamed before
 * the log that names it is written the same way (temporary file, fsync, atomic rename, fsync of
 * the folder). A crash leaves either the old log (and at most an orphan delta file, removed at
 * the next open) or the new one. Not thread-safe: its owner serialises calls.
 */
public final class EditLog {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String LOG = "log.json";

    /** One log entry: the record, its delta file (relative to the log folder) and its deltas' layout. */
    public record Entry(EditRecord record, String file, List<DeltaInfo> deltas) {
        public Entry {
            deltas = List.copyOf(deltas);
        }
    }

    /** Layout of one stored delta: kind ("lowrank", "dense", "codebook", "memory"), layer, GRACE radius or MEMOIR threshold. */
    public record DeltaInfo(String kind, int layer, double epsilon) {
    }

    private final Path dir;
    private final List<Entry> entries = new ArrayList<>();

    /** Opens (creating if needed) the log in {@code dir}; removes delta files no entry names. */
    public EditLog(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir.resolve("deltas"));
            Path log = dir.resolve(LOG);
            if (Files.isRegularFile(log)) {
                read(JSON.readTree(log.toFile()));
            }
            removeOrphans();
        } catch (IOException e) {
            throw new EditorException("cannot open the edit log in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public Optional<Entry> find(String id) {
        return entries.stream().filter(e -> e.record().id().equals(id)).findFirst();
    }

    /** Persists a new entry with its deltas (delta file first, then the log). */
    public Entry append(EditRecord record, List<EditDelta> deltas) {
        if (find(record.id()).isPresent()) {
            throw new EditorException("edit id '" + record.id() + "' is already in the log");
        }
        String file = String.format("deltas/%06d.safetensors", entries.size() + 1);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        List<DeltaInfo> infos = new ArrayList<>();
        NDManager scratch = null;
        try {
            for (int i = 0; i < deltas.size(); i++) {
                EditDelta d = deltas.get(i);
                if (d instanceof EditDelta.LowRank lr) {
                    tensors.put(i + ".left", lr.left());
                    tensors.put(i + ".right", lr.right());
                    if (lr.keys() != null) {
                        tensors.put(i + ".keys", lr.keys());
                    }
                    infos.add(new DeltaInfo("lowrank", d.layer(), 0));
                } else if (d instanceof EditDelta.Dense dense) {
                    tensors.put(i + ".dense", dense.delta());
                    infos.add(new DeltaInfo("dense", d.layer(), 0));
                } else if (d instanceof EditDelta.Codebook cb) {
                    if (scratch == null) {
                        scratch = cb.keys().getManager().newSubManager();
                    }
                    tensors.put(i + ".keys", cb.keys());
                    tensors.put(i + ".values", cb.values());
                    tensors.put(i + ".labels", scratch.create(cb.labels(), new Shape(cb.labels().length)));
                    infos.add(new DeltaInfo("codebook", d.layer(), cb.epsilon()));
                } else if (d instanceof EditDelta.Memory mem) {
                    if (scratch == null) {
                        scratch = mem.keys().getManager().newSubManager();
                    }
                    tensors.put(i + ".keys", mem.keys());
                    tensors.put(i + ".shifts", mem.shifts());
                    tensors.put(i + ".scale", mem.scale());
                    tensors.put(i + ".topk", scratch.create(new long[] {mem.topK()}, new Shape(1)));
                    infos.add(new DeltaInfo("memory", d.layer(), mem.threshold()));
                }
            }
            Path target = dir.resolve(file);
            SafeTensors.write(target, tensors);
            force(target);
            force(target.getParent());
        } finally {
            if (scratch != null) {
                scratch.close();
            }
        }
        return appendEntry(new Entry(record, file, infos));
    }

    /** Adds an entry whose delta file is on disk and persists the log; on failure neither stays. */
    private Entry appendEntry(Entry entry) {
        entries.add(entry);
        try {
            persist();
        } catch (RuntimeException e) {
            entries.remove(entries.size() - 1);
            try {
                Files.deleteIfExists(dir.resolve(entry.file()));
            } catch (IOException ignored) {
                // the orphan is removed at the next open
            }
            throw e;
        }
        return entry;
    }

    /** Marks the edit inactive and persists the log; returns the updated entry. */
    public Entry deactivate(String id) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.record().id().equals(id)) {
                EditRecord r = e.record();
                Entry updated = new Entry(new EditRecord(r.id(), r.method(), r.facts(), r.time(), false), e.file(), e.deltas());
                entries.set(i, updated);
                try {
                    persist();
                } catch (RuntimeException ex) {
                    entries.set(i, e);
                    throw ex;
                }
                return updated;
            }
        }
        throw new EditorException("expected an edit with id '" + id + "' in the log, found none");
    }

    /** Reads an entry's deltas onto {@code manager}. */
    public List<EditDelta> deltas(Entry entry, NDManager manager) {
        Path file = dir.resolve(entry.file());
        if (!Files.isRegularFile(file)) {
            throw new EditorException("edit '" + entry.record().id() + "': expected its delta file " + file
                    + ", found none");
        }
        Map<String, NDArray> t = SafeTensors.read(file, manager);
        List<EditDelta> out = new ArrayList<>();
        for (int i = 0; i < entry.deltas().size(); i++) {
            DeltaInfo info = entry.deltas().get(i);
            switch (info.kind()) {
                case "lowrank" -> out.add(new EditDelta.LowRank(info.layer(), need(t, i + ".left", file),
                        need(t, i + ".right", file), t.get(i + ".keys")));
                case "dense" -> out.add(new EditDelta.Dense(info.layer(), need(t, i + ".dense", file)));
                case "codebook" -> out.add(new EditDelta.Codebook(info.layer(), need(t, i + ".keys", file),
                        need(t, i + ".values", file), need(t, i + ".labels", file).toLongArray(), info.epsilon()));
                case "memory" -> out.add(new EditDelta.Memory(info.layer(), need(t, i + ".keys", file),
                        need(t, i + ".shifts", file), need(t, i + ".scale", file),
                        (int) need(t, i + ".topk", file).toLongArray()[0], info.epsilon()));
                default -> throw new EditorException("expected delta kind lowrank, dense, codebook or memory in " + file
                        + ", found '" + info.kind() + "'");
            }
        }
        return out;
    }

    private static NDArray need(Map<String, NDArray> t, String name, Path file) {
        NDArray a = t.get(name);
        if (a == null) {
            throw new EditorException("expected tensor '" + name + "' in " + file + ", found " + t.keySet());
        }
        return a;
    }

    private void persist() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode list = root.putArray("edits");
        for (Entry e : entries) {
            list.add(entryJson(e));
        }
        Path tmp = dir.resolve(LOG + ".tmp");
        Path log = dir.resolve(LOG);
        try {
            Files.write(tmp, JSON.writeValueAsBytes(root));
            force(tmp);
            try {
                Files.move(tmp, log, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, log, StandardCopyOption.REPLACE_EXISTING);
            }
            force(dir);
        } catch (IOException e) {
            throw new EditorException("cannot write the edit log " + log + ": " + e.getMessage(), e);
        }
    }

    private void read(JsonNode root) {
        for (JsonNode n : root.path("edits")) {
            entries.add(entryFrom(n, dir.resolve(LOG).toString()));
        }
    }

    private static ObjectNode entryJson(Entry e) {
        ObjectNode n = JSON.createObjectNode();
        EditRecord r = e.record();
        n.put("id", r.id());
        n.put("method", r.method().name());
        n.put("time", r.time().toString());
        n.put("active", r.active());
        n.put("file", e.file());
        ArrayNode facts = n.putArray("facts");
        for (FactEdit f : r.facts()) {
            facts.addObject().put("prompt", f.prompt()).put("subject", f.subject()).put("target", f.target());
        }
        ArrayNode ds = n.putArray("deltas");
        for (DeltaInfo d : e.deltas()) {
            ds.addObject().put("kind", d.kind()).put("layer", d.layer()).put("epsilon", d.epsilon());
        }
        return n;
    }

    private static Entry entryFrom(JsonNode n, String where) {
        List<FactEdit> facts = new ArrayList<>();
        for (JsonNode f : n.path("facts")) {
            facts.add(new FactEdit(f.path("prompt").asText(), f.path("subject").asText(), f.path("target").asText()));
        }
        List<DeltaInfo> ds = new ArrayList<>();
        for (JsonNode d : n.path("deltas")) {
            ds.add(new DeltaInfo(d.path("kind").asText(), d.path("layer").asInt(), d.path("epsilon").asDouble()));
        }
        EditMethod method;
        try {
            method = EditMethod.valueOf(n.path("method").asText());
        } catch (IllegalArgumentException e) {
            throw new EditorException("expected a method of " + List.of(EditMethod.values()) + " in " + where
                    + ", found '" + n.path("method").asText() + "'");
        }
        try {
            return new Entry(new EditRecord(n.path("id").asText(), method, facts, Instant.parse(n.path("time").asText()),
                    n.path("active").asBoolean()), n.path("file").asText(), ds);
        } catch (java.time.format.DateTimeParseException e) {
            throw new EditorException("expected an ISO time in " + where + ", found '" + n.path("time").asText() + "'");
        }
    }

    /** An active entry as another replica imports it: its log entry (JSON) and its delta file's bytes. */
    public dev.concord.editor.KnowledgeEditor.EditPackage export(String id) {
        Entry e = find(id).orElseThrow(() -> new EditorException("expected an edit with id '" + id + "' in the log, found none"));
        try {
            Entry shared = new Entry(new EditRecord(e.record().id(), e.record().method(), e.record().facts(),
                    e.record().time(), true), e.file(), e.deltas());
            return new dev.concord.editor.KnowledgeEditor.EditPackage(id, JSON.writeValueAsString(entryJson(shared)),
                    Files.readAllBytes(dir.resolve(e.file())));
        } catch (IOException ex) {
            throw new EditorException("cannot read the deltas of edit '" + id + "' in " + dir + ": " + ex.getMessage(), ex);
        }
    }

    /** Appends an exported entry (active) with its delta file, written and forced before the log names it. */
    public Entry importPackage(dev.concord.editor.KnowledgeEditor.EditPackage p) {
        Entry given;
        try {
            given = entryFrom(JSON.readTree(p.entry()), "the shared edit '" + p.id() + "'");
        } catch (IOException e) {
            throw new EditorException("the shared edit '" + p.id() + "' is not valid JSON: " + e.getMessage(), e);
        }
        if (!given.record().id().equals(p.id())) {
            throw new EditorException("the shared edit '" + p.id() + "' names edit '" + given.record().id() + "'");
        }
        if (find(p.id()).isPresent()) {
            throw new EditorException("edit id '" + p.id() + "' is already in the log");
        }
        String file = String.format("deltas/%06d.safetensors", entries.size() + 1);
        Path target = dir.resolve(file);
        Path tmp = dir.resolve(file + ".tmp");
        try {
            Files.write(tmp, p.tensors());
            force(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(target.getParent());
        } catch (IOException e) {
            throw new EditorException("cannot write the deltas of the shared edit '" + p.id() + "' to " + target + ": "
                    + e.getMessage(), e);
        }
        EditRecord r = given.record();
        return appendEntry(new Entry(new EditRecord(r.id(), r.method(), r.facts(), r.time(), true), file, given.deltas()));
    }

    private void removeOrphans() throws IOException {
        try (var files = Files.list(dir.resolve("deltas"))) {
            for (Path p : files.toList()) {
                String rel = "deltas/" + p.getFileName();
                if (entries.stream().noneMatch(e -> e.file().equals(rel))) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** fsync of a file or (where the platform allows) a folder. */
    private static void force(Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (!Files.isDirectory(p)) {
                throw new EditorException("cannot force " + p + " to disk: " + e.getMessage(), e);
            }
        }
    }
}
