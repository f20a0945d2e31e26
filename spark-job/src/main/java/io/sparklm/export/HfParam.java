package io.sparklm.export;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * One HuggingFace tensor and where its values live in a sparklm graph: DL4J parameter {@code dl4jName} (or, for
 * {@link Kind#QKV_WEIGHT}/{@link Kind#QKV_BIAS}, third {@code part} 0/1/2 = q/k/v of its columns), as is or
 * transposed. Converts both ways: {@link #values} for export, {@link #assignTo} for import.
 */
public record HfParam(String hfName, String dl4jName, Kind kind, int part) {
    /** How the HF tensor relates to the DL4J parameter. */
    public enum Kind {
        /** Same 2-D shape and order (embedding tables, GPT-2 Conv1D weights [in, out]). */
        COPY,
        /** A [1, n] row parameter as a 1-D [n] tensor (biases, LayerNorm gain and shift). */
        VECTOR,
        /** nn.Linear's [out, in] from DL4J's [in, out]. */
        TRANSPOSE,
        /** Column block {@code part} of a [d, 3d] QKV weight, transposed to nn.Linear's [d, d]. */
        QKV_WEIGHT,
        /** Column block {@code part} of a [1, 3d] QKV bias as a 1-D [d] tensor. */
        QKV_BIAS
    }

    static HfParam of(String hfName, String dl4jName, Kind kind) {
        return new HfParam(hfName, dl4jName, kind, 0);
    }

    /** The DL4J-oriented (possibly sliced) view of {@code p} this tensor covers; writable. */
    private INDArray view(INDArray p) {
        if (kind != Kind.QKV_WEIGHT && kind != Kind.QKV_BIAS) {
            return p;
        }
        long d = p.size(1) / 3;
        return p.get(NDArrayIndex.all(), NDArrayIndex.interval(part * d, (part + 1) * d));
    }

    private boolean transposed() {
        return kind == Kind.TRANSPOSE || kind == Kind.QKV_WEIGHT;
    }

    /** The HF shape of this tensor for DL4J parameter {@code p}. */
    public long[] hfShape(INDArray p) {
        INDArray v = view(p);
        if (kind == Kind.VECTOR || kind == Kind.QKV_BIAS) {
            return new long[]{v.length()};
        }
        return transposed() ? new long[]{v.size(1), v.size(0)} : v.shape().clone();
    }

    /** Row-major float32 values of the HF tensor, from DL4J parameter {@code p}. */
    public float[] values(INDArray p) {
        INDArray v = transposed() ? view(p).transpose() : view(p);
        return v.dup('c').castTo(DataType.FLOAT).reshape(v.length()).toFloatVector();
    }

    /** Writes HF tensor {@code t} into DL4J parameter {@code p} (cast to its data type); shapes must match. */
    public void assignTo(INDArray p, SafeTensor t) {
        long[] want = hfShape(p);
        if (!Arrays.equals(want, t.shape())) {
            throw new IllegalArgumentException("tensor " + hfName + " has shape " + t.shapeString()
                    + ", this model needs " + Arrays.toString(want));
        }
        INDArray target = view(p);
        INDArray src = Nd4j.createFromArray(t.data());
        if (transposed()) {
            src = src.reshape('c', want[0], want[1]).transpose();
        } else {
            src = src.reshape('c', target.shape());
        }
        target.assign(src.castTo(p.dataType()));
    }
}
