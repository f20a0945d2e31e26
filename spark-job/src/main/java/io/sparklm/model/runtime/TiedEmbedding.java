package io.sparklm.model.runtime;

/**
 * The link between a graph's token embedding and its tied LM head. DL4J gives a layer no reference to the other
 * layers of its graph, and a parameter belongs to exactly one layer; but {@code ComputationGraph.init} instantiates
 * the layers of one graph on one thread in topological order (the embedding before the head, which depends on
 * it). So a tied embedding offers its runtime while it is instantiated and the tied head of the same graph takes
 * it right after; every way a graph is built (new, clone, restore, Spark workers) goes through init. A tied head
 * without a tied embedding before it fails at build time. Listed in {@code io.sparklm.dl4j.Dl4jWorkarounds}.
 */
public final class TiedEmbedding {
    private static final ThreadLocal<TokenEmbeddingRuntime> BUILDING = new ThreadLocal<>();

    private TiedEmbedding() {}

    /** Called by a tied embedding's layer as it is instantiated. */
    public static void offer(TokenEmbeddingRuntime embedding) {
        BUILDING.set(embedding);
    }

    /** The tied embedding instantiated before the calling head in the same graph build. */
    public static TokenEmbeddingRuntime take() {
        TokenEmbeddingRuntime e = BUILDING.get();
        BUILDING.remove();
        if (e == null) {
            throw new IllegalStateException("a tied LM head needs a tied token embedding earlier in the same graph");
        }
        return e;
    }
}
