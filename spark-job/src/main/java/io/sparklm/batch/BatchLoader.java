package io.sparklm.batch;

import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.Serializable;
import java.util.List;

/**
 * Reads the records of the given blocks (on an executor or the driver) and builds one MultiDataSet from them,
 * records in block order. {@code maskingStep} seeds dynamic masking (with the run seed and record index).
 * Must be serializable: Spark ships it to executors.
 */
public interface BatchLoader extends Serializable {
    MultiDataSet load(List<Block> blocks, long maskingStep);
}
