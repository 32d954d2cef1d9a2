package dev.concord.editor.edit;

import dev.concord.editor.EditMethod;
import dev.concord.editor.EditorException;
import dev.concord.editor.ModelInfo;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Hyperparameters of one method for one architecture, the way EasyEdit keeps a hparams file per
 * method and model (easyeditor/hparams/ROME/gpt2-xl.yaml ...). Defaults live in resources
 * {@code dev/concord/editor/edit/hparams/{method}-{profile}.properties}; the profile is
 * {@code demo} for the demo model (a folder with the demo trainer's demo-facts.json, or a name
 * containing "concord-demo"), otherwise the
 * architecture ({@code gpt2}, {@code gptj}, {@code llama}). Overrides replace single keys.
 *
 * <p>Layers are written as integers ({@code 5}), ranges ({@code 3-7}), or fractions of the depth
 * ({@code d0.35} = round(0.35 x layers), at most the last layer), so one file serves GPT-2 small and XL alike.
 */
public record HyperParams(EditMethod method, String profile, Map<String, String> values) {
    public HyperParams {
        values = Map.copyOf(values);
    }

    /** The profile used for a model: "demo" for the project's demo model, else its architecture. */
    public static String profileOf(ModelInfo info) {
        String name = info.name() == null ? "" : info.name().toLowerCase(Locale.ROOT);
        return name.contains("concord-demo") ? "demo" : info.architecture().toLowerCase(Locale.ROOT);
    }

    public static HyperParams load(EditMethod method, ModelInfo info) {
        return load(method, profileOf(info));
    }

    public static HyperParams load(EditMethod method, String profile) {
        String file = method.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + profile + ".properties";
        String path = "/dev/concord/editor/edit/hparams/" + file;
        try (InputStream in = HyperParams.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new EditorException("expected hyperparameters " + path + " for " + method
                        + " on profile '" + profile + "', found none (known profiles: demo, gpt2, gptj, llama)");
            }
            Properties p = new Properties();
            p.load(in);
            Map<String, String> values = new LinkedHashMap<>();
            for (String key : new TreeSet<>(p.stringPropertyNames())) {
                values.put(key, p.getProperty(key).trim());
            }
            return new HyperParams(method, profile, values);
        } catch (IOException e) {
            throw new EditorException("cannot read hyperparameters " + path, e);
        }
    }

    /** A copy with the given keys replaced (unknown keys are an error, to catch typos). */
    public HyperParams with(Map<String, String> overrides) {
        Map<String, String> v = new LinkedHashMap<>(values);
        overrides.forEach((k, val) -> {
            if (!v.containsKey(k)) {
                throw new EditorException("unknown hyperparameter '" + k + "' for " + method
                        + ", expected one of " + v.keySet());
            }
            v.put(k, val);
        });
        return new HyperParams(method, profile, v);
    }

    public String text(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new EditorException("hyperparameter '" + key + "' missing for " + method + " on " + profile);
        }
        return v;
    }

    /** Whether the method's file (or an override) sets {@code key}. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    public int integer(String key) {
        try {
            return Integer.parseInt(text(key));
        } catch (NumberFormatException e) {
            throw new EditorException("hyperparameter '" + key + "' must be an integer, found '" + text(key) + "'");
        }
    }

    public double number(String key) {
        try {
            return Double.parseDouble(text(key));
        } catch (NumberFormatException e) {
            throw new EditorException("hyperparameter '" + key + "' must be a number, found '" + text(key) + "'");
        }
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(text(key));
    }

    /** The layers named by {@code key}, resolved for a model with {@code depth} layers, ascending. */
    public int[] layers(String key, int depth) {
        List<Integer> out = new ArrayList<>();
        for (String part : text(key).split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-', 1);
            if (dash > 0) {
                int from = layer(p.substring(0, dash), depth);
                int to = layer(p.substring(dash + 1), depth);
                for (int l = from; l <= to; l++) {
                    out.add(l);
                }
            } else {
                out.add(layer(p, depth));
            }
        }
        if (out.isEmpty()) {
            throw new EditorException("hyperparameter '" + key + "' names no layer");
        }
        return out.stream().distinct().sorted().mapToInt(Integer::intValue).toArray();
    }

    private int layer(String spec, int depth) {
        int l;
        try {
            l = spec.startsWith("d") ? (int) Math.min(depth - 1, Math.round(Double.parseDouble(spec.substring(1)) * depth))
                    : Integer.parseInt(spec);
        } catch (NumberFormatException e) {
            throw new EditorException("expected a layer like 5 or d0.35, found '" + spec + "'");
        }
        if (l < 0 || l >= depth) {
            throw new EditorException("layer " + l + " (from '" + spec + "') outside the model's 0.." + (depth - 1));
        }
        return l;
    }
}
