package dev.concord.editor.gguf;

import dev.concord.editor.EditorException;

import java.nio.ByteBuffer;

/**
 * Widens ggml tensor data to float32, block by block, following the reference dequantization in
 * ggml ({@code dequantize_row_*} in ggml-quants.c). Blocks are read with absolute gets from a
 * little-endian buffer, so the buffer's position is left alone.
 *
 * <p>Block layouts (bytes):
 * <ul>
 *   <li>Q4_0 (32 values): d f16, 16 bytes of nibbles; x = (q - 8)·d, low nibbles are values 0-15, high 16-31.</li>
 *   <li>Q4_1: d f16, m f16, 16 bytes of nibbles; x = q·d + m.</li>
 *   <li>Q5_0: d f16, qh u32 (fifth bits), 16 bytes of nibbles; x = (q - 16)·d.</li>
 *   <li>Q5_1: d f16, m f16, qh u32, 16 bytes; x = q·d + m.</li>
 *   <li>Q8_0: d f16, 32 signed bytes; x = q·d.</li>
 *   <li>Q4_K (256 values in 8 sub-blocks of 32): d f16, dmin f16, 12 bytes of 6-bit scales and mins,
 *       128 bytes of nibbles; x = d·sc·q - dmin·m.</li>
 *   <li>Q5_K: as Q4_K plus 32 bytes of fifth bits (qh) before the nibbles.</li>
 *   <li>Q6_K (16 sub-blocks of 16): 128 bytes low nibbles, 64 bytes high 2-bit pairs, 16 signed
 *       scales, d f16; x = d·sc·(q - 32).</li>
 * </ul>
 */
public final class Dequantizer {

    private static final float[] HALF = halfTable();

    private Dequantizer() {
    }

    /** Dequantizes {@code out.length} values of {@code type} from {@code src} (starting at index 0). */
    public static void dequantize(GgmlType type, ByteBuffer src, float[] out) {
        int n = out.length;
        if (n % type.blockSize() != 0) {
            throw new EditorException("expected a multiple of " + type.blockSize() + " values for " + type
                    + " but found " + n);
        }
        long need = type.bytesFor(n);
        if (src.capacity() < need) {
            throw new EditorException("expected " + need + " bytes of " + type + " data but found " + src.capacity());
        }
        int blocks = n / type.blockSize();
        switch (type) {
            case F32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = src.getFloat(4 * i);
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = half(src, 2 * i);
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((src.getShort(2 * i) & 0xFFFF) << 16);
                }
            }
            case Q4_0 -> {
                for (int b = 0; b < blocks; b++) {
                    int p = b * 18;
                    float d = half(src, p);
                    int o = b * 32;
                    for (int j = 0; j < 16; j++) {
                        int q = src.get(p + 2 + j) & 0xFF;
                        out[o + j] = ((q & 0x0F) - 8) * d;
                        out[o + j + 16] = ((q >>> 4) - 8) * d;
                    }
                }
            }
            case Q4_1 -> {
                for (int b = 0; b < blocks; b++) {
                    int p = b * 20;
                    float d = half(src, p);
                    float m = half(src, p + 2);
                    int o = b * 32;
                    for (int j = 0; j < 16; j++) {
                        int q = src.get(p + 4 + j) & 0xFF;
                        out[o + j] = (q & 0x0F) * d + m;
                        out[o + j + 16] = (q >>> 4) * d + m;
                    }
                }
            }
            case Q5_0 -> {
                for (int b = 0; b < blocks; b++) {
                    int p = b * 22;
                    float d = half(src, p);
                    int qh = src.getInt(p + 2);
                    int o = b * 32;
                    for (int j = 0; j < 16; j++) {
                        int q = src.get(p + 6 + j) & 0xFF;
                        int h0 = ((qh >>> j) << 4) & 0x10;
                        int h1 = (qh >>> (j + 12)) & 0x10;
                        out[o + j] = (((q & 0x0F) | h0) - 16) * d;
                        out[o + j + 16] = (((q >>> 4) | h1) - 16) * d;
                    }
                }
            }
            case Q5_1 -> {
                for (int b = 0; b < blocks; b++) {
                    int p = b * 24;
                    float d = half(src, p);
                    float m = half(src, p + 2);
                    int qh = src.getInt(p + 4);
                    int o = b * 32;
                    for (int j = 0; j < 16; j++) {
                        int q = src.get(p + 8 + j) & 0xFF;
                        int h0 = ((qh >>> j) << 4) & 0x10;
                        int h1 = (qh >>> (j + 12)) & 0x10;
                        out[o + j] = ((q & 0x0F) | h0) * d + m;
                        out[o + j + 16] = ((q >>> 4) | h1) * d + m;
                    }
                }
            }
            case Q8_0 -> {
                for (int b = 0; b < blocks; b++) {
                    int p = b * 34;
                    float d = half(src, p);
                    int o = b * 32;
                    for (int j = 0; j < 32; j++) {
                        out[o + j] = src.get(p + 2 + j) * d;
                    }
                }
            }
            case Q4_K -> {
                int[] sc = new int[8];
                int[] mn = new int[8];
                for (int b = 0; b < blocks; b++) {
                    int p = b * 144;
                    float d = half(src, p);
                    float dmin = half(src, p + 2);
                    scalesAndMins(src, p + 4, sc, mn);
                    int qs = p + 16;
                    int o = b * 256;
                    for (int g = 0; g < 4; g++) {            // 64 values per group: low nibbles, then high
                        float d1 = d * sc[2 * g];
                        float m1 = dmin * mn[2 * g];
                        float d2 = d * sc[2 * g + 1];
                        float m2 = dmin * mn[2 * g + 1];
                        for (int l = 0; l < 32; l++) {
                            int q = src.get(qs + 32 * g + l) & 0xFF;
                            out[o + 64 * g + l] = d1 * (q & 0x0F) - m1;
                            out[o + 64 * g + 32 + l] = d2 * (q >>> 4) - m2;
                        }
                    }
                }
            }
            case Q5_K -> {
                int[] sc = new int[8];
                int[] mn = new int[8];
                for (int b = 0; b < blocks; b++) {
                    int p = b * 176;
                    float d = half(src, p);
                    float dmin = half(src, p + 2);
                    scalesAndMins(src, p + 4, sc, mn);
                    int qh = p + 16;
                    int qs = p + 48;
                    int o = b * 256;
                    for (int g = 0; g < 4; g++) {
                        float d1 = d * sc[2 * g];
                        float m1 = dmin * mn[2 * g];
                        float d2 = d * sc[2 * g + 1];
                        float m2 = dmin * mn[2 * g + 1];
                        int u1 = 1 << (2 * g);
                        int u2 = 2 << (2 * g);
                        for (int l = 0; l < 32; l++) {
                            int q = src.get(qs + 32 * g + l) & 0xFF;
                            int h = src.get(qh + l) & 0xFF;
                            out[o + 64 * g + l] = d1 * ((q & 0x0F) + ((h & u1) != 0 ? 16 : 0)) - m1;
                            out[o + 64 * g + 32 + l] = d2 * ((q >>> 4) + ((h & u2) != 0 ? 16 : 0)) - m2;
                        }
                    }
                }
            }
            case Q6_K -> {
                for (int b = 0; b < blocks; b++) {
                    int p = b * 210;
                    float d = half(src, p + 208);
                    int o = b * 256;
                    for (int half = 0; half < 2; half++) {   // 128 values per half
                        int ql = p + 64 * half;
                        int qh = p + 128 + 32 * half;
                        int sc = p + 192 + 8 * half;
                        int oo = o + 128 * half;
                        for (int l = 0; l < 32; l++) {
                            int is = l / 16;
                            int lo0 = src.get(ql + l) & 0xFF;
                            int lo1 = src.get(ql + l + 32) & 0xFF;
                            int hi = src.get(qh + l) & 0xFF;
                            int q1 = ((lo0 & 0x0F) | ((hi & 3) << 4)) - 32;
                            int q2 = ((lo1 & 0x0F) | (((hi >>> 2) & 3) << 4)) - 32;
                            int q3 = ((lo0 >>> 4) | (((hi >>> 4) & 3) << 4)) - 32;
                            int q4 = ((lo1 >>> 4) | (((hi >>> 6) & 3) << 4)) - 32;
                            out[oo + l] = d * src.get(sc + is) * q1;
                            out[oo + l + 32] = d * src.get(sc + is + 2) * q2;
                            out[oo + l + 64] = d * src.get(sc + is + 4) * q3;
                            out[oo + l + 96] = d * src.get(sc + is + 6) * q4;
                        }
                    }
                }
            }
            default -> throw new EditorException("expected a type the runtime can widen to float32 but found " + type);
        }
    }

    /** The eight 6-bit scales and mins of a Q4_K/Q5_K block (ggml's get_scale_min_k4). */
    private static void scalesAndMins(ByteBuffer src, int p, int[] sc, int[] mn) {
        for (int j = 0; j < 8; j++) {
            if (j < 4) {
                sc[j] = src.get(p + j) & 63;
                mn[j] = src.get(p + j + 4) & 63;
            } else {
                int q4 = src.get(p + j + 4) & 0xFF;
                sc[j] = (q4 & 0x0F) | (((src.get(p + j - 4) & 0xFF) >>> 6) << 4);
                mn[j] = (q4 >>> 4) | (((src.get(p + j) & 0xFF) >>> 6) << 4);
            }
        }
    }

    private static float half(ByteBuffer src, int p) {
        return HALF[src.getShort(p) & 0xFFFF];
    }

    /** IEEE 754 half → float for one 16-bit pattern (subnormals, infinities and NaN included). */
    public static float halfToFloat(int bits) {
        int sign = (bits >>> 15) & 1;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        float v;
        if (exp == 0) {
            v = mant * 0x1p-24f;
        } else if (exp == 31) {
            v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            v = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (mant << 13));
        }
        return sign == 1 ? -v : v;
    }

    /** float → IEEE 754 half, round to nearest even (overflow to infinity), as numpy's astype(float16). */
    public static short floatToHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xFF;
        int mant = bits & 0x7FFFFF;
        if (exp == 0xFF) {
            return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 31) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            mant |= 0x800000;
            int shift = 14 - e;
            int h = mant >>> shift;
            int rem = mant & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rem > halfway || (rem == halfway && (h & 1) == 1)) {
                h++;
            }
            return (short) (sign | h);
        }
        int h = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1FFF;
        if (rem > 0x1000 || (rem == 0x1000 && (h & 1) == 1)) {
            h++; // may carry into the exponent, which is the correct rounding (up to infinity)
        }
        return (short) (sign | h);
    }

    private static float[] halfTable() {
        float[] t = new float[65536];
        for (int i = 0; i < t.length; i++) {
            t[i] = halfToFloat(i);
        }
        return t;
    }
}
