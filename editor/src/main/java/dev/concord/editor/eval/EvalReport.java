package dev.concord.editor.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.concord.editor.EditorException;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The evaluation table as text (EasyEdit's layout), as JSON, and as a PNG bar chart (java.awt, headless). */
public final class EvalReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] METRICS = {"Reliability", "Generalisation", "Locality", "Portability", "Greedy EM"};
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd)};

    private EvalReport() {
    }

    private static String label(EvalRow r) {
        return r.method().name().replace('_', '-') + (r.batch() ? " batch" : "");
    }

    private static double[] values(EvalRow r) {
        return new double[] {r.reliability(), r.generalisation(), r.locality(), r.portability(), r.greedy()};
    }

    /** A fixed-width table: one line per method and T. */
    public static String table(String model, List<EvalRow> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("model: ").append(model).append('\n');
        boolean cf = rows.stream().anyMatch(r -> !Double.isNaN(r.efficacy()));
        sb.append(String.format(Locale.ROOT, "%-12s %5s %6s %11s %14s %9s %11s %9s %9s", "Method", "T", "cases",
                "Reliability", "Generalisation", "Locality", "Portability", "GreedyEM", "s/edit"));
        sb.append(cf ? String.format(Locale.ROOT, " %9s %10s %13s %8s %8s%n", "Efficacy", "Paraphrase", "Neighbourhood",
                "Fluency", "GenSucc") : "\n");
        for (EvalRow r : rows) {
            sb.append(String.format(Locale.ROOT, "%-12s %5d %6d %11.3f %14.3f %9.3f %11s %9.3f %9.3f", label(r),
                    r.edits(), r.cases(), r.reliability(), r.generalisation(), r.locality(),
                    na(r.portability()), r.greedy(), r.secondsPerEdit()));
            sb.append(cf ? String.format(Locale.ROOT, " %9s %10s %13s %8s %8s%n", na(r.efficacy()), na(r.paraphrase()),
                    na(r.neighbourhood()), na(r.fluency()), na(r.generationSuccess())) : "\n");
        }
        return sb.toString();
    }

    public static void writeJson(Path file, String model, List<EvalRow> rows) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        ArrayNode list = root.putArray("rows");
        for (EvalRow r : rows) {
            ObjectNode n = list.addObject();
            n.put("method", r.method().name());
            n.put("T", r.edits());
            n.put("batch", r.batch());
            n.put("cases", r.cases());
            n.put("reliability", r.reliability());
            n.put("generalisation", r.generalisation());
            n.put("locality", r.locality());
            if (Double.isNaN(r.portability())) {
                n.putNull("portability");
            } else {
                n.put("portability", r.portability());
            }
            n.put("greedy_exact_match", r.greedy());
            n.put("seconds_per_edit", r.secondsPerEdit());
            if (!Double.isNaN(r.efficacy())) {
                n.put("efficacy", r.efficacy());
                putOrNull(n, "paraphrase", r.paraphrase());
                putOrNull(n, "neighbourhood", r.neighbourhood());
                putOrNull(n, "fluency", r.fluency());
                putOrNull(n, "generation_success", r.generationSuccess());
            }
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new EditorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String na(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static void putOrNull(ObjectNode n, String key, double v) {
        if (Double.isNaN(v)) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }

    /** Grouped bars: one group per (method, T), one bar per metric, values 0..1. */
    public static void writeChart(Path file, String title, List<EvalRow> rows) {
        System.setProperty("java.awt.headless", "true");
        int group = METRICS.length * 14 + 18;
        int width = Math.max(640, 80 + rows.size() * group + 40);
        int height = 420;
        int left = 60;
        int top = 50;
        int bottom = height - 90;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, left, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int i = 0; i <= 4; i++) {
                int y = bottom - (bottom - top) * i / 4;
                g.setColor(new Color(0xdddddd));
                g.drawLine(left, y, width - 20, y);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%.2f", i / 4.0), 20, y + 4);
            }
            g.setStroke(new BasicStroke(1f));
            g.drawLine(left, bottom, width - 20, bottom);
            for (int r = 0; r < rows.size(); r++) {
                double[] v = values(rows.get(r));
                int x0 = left + 10 + r * group;
                for (int m = 0; m < v.length; m++) {
                    if (Double.isNaN(v[m])) {
                        continue;
                    }
                    int h = (int) Math.round((bottom - top) * Math.max(0, Math.min(1, v[m])));
                    g.setColor(COLORS[m]);
                    g.fillRect(x0 + m * 14, bottom - h, 12, h);
                }
                g.setColor(Color.BLACK);
                g.drawString(label(rows.get(r)), x0, bottom + 16);
                g.drawString("T=" + rows.get(r).edits(), x0, bottom + 30);
            }
            for (int m = 0; m < METRICS.length; m++) {
                int x = left + m * 120;
                g.setColor(COLORS[m]);
                g.fillRect(x, height - 30, 12, 12);
                g.setColor(Color.BLACK);
                g.drawString(METRICS[m], x + 16, height - 20);
            }
        } finally {
            g.dispose();
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new EditorException("no PNG writer available for " + file);
            }
        } catch (IOException e) {
            throw new EditorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
