package dev.concord.editor.edit.trace;

import dev.concord.editor.EditorException;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The heat map of a {@link CausalTrace.Result} as a PNG (headless java.awt): one row per token (the
 * subject's tokens starred), one column per layer, colour from white (the corrupted run's
 * probability of the answer) to purple (the highest probability seen, at least the clean run's).
 */
public final class TracePlot {
    private static final int CELL_W = 18;
    private static final int CELL_H = 22;
    private static final int LEFT = 170;
    private static final int TOP = 60;
    private static final Color HIGH = new Color(84, 39, 143);

    private TracePlot() {
    }

    public static void write(Path file, CausalTrace.Result r, String title) {
        System.setProperty("java.awt.headless", "true");
        int layers = r.restored().length;
        int tokens = r.tokens().size();
        int width = LEFT + layers * CELL_W + 120;
        int height = TOP + tokens * CELL_H + 60;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            double low = r.corrupted();
            double high = r.clean();
            for (double[] row : r.restored()) {
                for (double v : row) {
                    high = Math.max(high, v);
                }
            }
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < tokens; i++) {
                    double x = high > low ? Math.max(0, Math.min(1, (r.restored()[l][i] - low) / (high - low))) : 0;
                    g.setColor(mix(x));
                    g.fillRect(LEFT + l * CELL_W, TOP + i * CELL_H, CELL_W, CELL_H);
                }
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(title, 10, 20);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(String.format(Locale.ROOT, "p(%s): clean %.3f, subject corrupted %.3f; cell: restored MLP output at"
                    + " (layer, token)", r.answer().strip(), r.clean(), r.corrupted()), 10, 40);
            for (int i = 0; i < tokens; i++) {
                boolean subject = i >= r.subjectFrom() && i <= r.subjectTo();
                String label = r.tokens().get(i).replace("\n", "\\n") + (subject ? " *" : "");
                if (label.length() > 22) {
                    label = label.substring(0, 21) + "…";
                }
                g.drawString(label, 8, TOP + i * CELL_H + 15);
            }
            for (int l = 0; l < layers; l += 5) {
                g.drawString(String.valueOf(l), LEFT + l * CELL_W + 2, TOP + tokens * CELL_H + 16);
            }
            g.drawString("layer", LEFT + layers * CELL_W / 2 - 15, TOP + tokens * CELL_H + 34);
            int lx = LEFT + layers * CELL_W + 20;
            for (int k = 0; k < 100; k++) {
                g.setColor(mix(1 - k / 99.0));
                g.fillRect(lx, TOP + k * Math.max(1, tokens * CELL_H / 100), 16, Math.max(1, tokens * CELL_H / 100));
            }
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.2f", high), lx + 20, TOP + 10);
            g.drawString(String.format(Locale.ROOT, "%.2f", low), lx + 20, TOP + tokens * CELL_H);
        } finally {
            g.dispose();
        }
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new EditorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static Color mix(double x) {
        return new Color((int) Math.round(255 + (HIGH.getRed() - 255) * x), (int) Math.round(255 + (HIGH.getGreen() - 255) * x),
                (int) Math.round(255 + (HIGH.getBlue() - 255) * x));
    }
}
