package dev.concord.editor;

/** The knowledge-editing methods (issue 4). */
public enum EditMethod {
    /** Rank-one model editing (Meng et al. 2022). */
    ROME,
    /** Mass-editing memory in a transformer (Meng et al. 2023). */
    MEMIT,
    /** MEMIT's update projected onto the null space of preserved knowledge (Fang et al. 2025). */
    ALPHAEDIT,
    /** General retrieval adaptors for continual editing (Hartvigsen et al. 2023). */
    GRACE,
    /**
     * A side memory of residual shifts routed by sparse activation masks, after MEMOIR (Wang et al.
     * 2025): lifelong editing that leaves unrouted inputs exactly as they were.
     */
    MEMOIR,
    /** Constrained fine-tuning of one layer (Zhu et al. 2020). */
    FT_L,
    /** Fine-tuning of one layer with the loss on the target only (EasyEdit's FT-M). */
    FT_M
}
