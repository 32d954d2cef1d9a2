package dev.concord.editor.gguf;

/**
 * ggml's tensor types as GGUF stores them (ids from ggml.h): elements per block and bytes per block.
 * {@link #dequantizable()} says whether {@link Dequantizer} widens the type to float32; the others
 * are named so that an error can say which type a file used.
 */
public enum GgmlType {
    F32(0, 1, 4, true),
    F16(1, 1, 2, true),
    Q4_0(2, 32, 2 + 16, true),
    Q4_1(3, 32, 2 + 2 + 16, true),
    Q5_0(6, 32, 2 + 4 + 16, true),
    Q5_1(7, 32, 2 + 2 + 4 + 16, true),
    Q8_0(8, 32, 2 + 32, true),
    Q8_1(9, 32, 4 + 4 + 32, false),
    Q2_K(10, 256, 256 / 16 + 256 / 4 + 2 + 2, false),
    Q3_K(11, 256, 256 / 8 + 256 / 4 + 12 + 2, false),
    Q4_K(12, 256, 2 + 2 + 12 + 128, true),
    Q5_K(13, 256, 2 + 2 + 12 + 32 + 128, true),
    Q6_K(14, 256, 128 + 64 + 16 + 2, true),
    Q8_K(15, 256, 4 + 256 + 32, false),
    IQ2_XXS(16, 256, 2 + 64, false),
    IQ2_XS(17, 256, 2 + 64 + 8, false),
    IQ3_XXS(18, 256, 2 + 96, false),
    IQ1_S(19, 256, 2 + 32 + 16, false),
    IQ4_NL(20, 32, 2 + 16, false),
    IQ3_S(21, 256, 2 + 64 + 8 + 32 + 4, false),
    IQ2_S(22, 256, 2 + 64 + 8 + 8, false),
    IQ4_XS(23, 256, 2 + 2 + 4 + 128, false),
    I8(24, 1, 1, false),
    I16(25, 1, 2, false),
    I32(26, 1, 4, false),
    I64(27, 1, 8, false),
    F64(28, 1, 8, false),
    IQ1_M(29, 256, 32 + 16 + 8, false),
    BF16(30, 1, 2, true),
    TQ1_0(34, 256, 2 + 4 * 13, false),
    TQ2_0(35, 256, 2 + 64, false),
    MXFP4(39, 32, 1 + 16, false);

    private final int id;
    private final int blockSize;
    private final int blockBytes;
    private final boolean dequantizable;

    GgmlType(int id, int blockSize, int blockBytes, boolean dequantizable) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
        this.dequantizable = dequantizable;
    }

    public int id() {
        return id;
    }

    /** Elements per block (1 for plain types). */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int blockBytes() {
        return blockBytes;
    }

    public boolean dequantizable() {
        return dequantizable;
    }

    /** Bytes taken by {@code elements} values of this type (a whole number of blocks). */
    public long bytesFor(long elements) {
        return elements / blockSize * blockBytes;
    }

    /** The type with ggml id {@code id}, or null when the id is not one ggml defines. */
    public static GgmlType byId(long id) {
        for (GgmlType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }
}
