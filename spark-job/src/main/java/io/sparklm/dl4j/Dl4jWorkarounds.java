package io.sparklm.dl4j;

import java.util.List;

/**
 * Every place sparklm works around Deeplearning4j 1.0.0-M2.1 (core) / 1.0.0-M2 (Spark, parameter server): what
 * DL4J does, where the workaround lives, and the test that fails when an upgrade changes the behaviour under it
 * ({@code Dl4jWorkaroundsTest} checks that every class and test named here exists). Missing features DL4J never had
 * (AdamW's schedule, global-norm clipping, weight tying) are listed too, because an upgrade may add them.
 */
public final class Dl4jWorkarounds {
    /** One workaround: DL4J's behaviour, the class that works around it, and the guarding test (Class#method). */
    public record Workaround(String behaviour, String workaround, String guard) {}

    public static final List<Workaround> ALL = List.of(
            new Workaround("a SameDiffLayer returns exactly twice the true gradient, for its parameters and the"
                    + " epsilon it passes down", "io.sparklm.model.layers.SdTransformerLayer",
                    "io.sparklm.model.GradientScalingGuardTest#uncorrectedSameDiffLayersReturnTwiceTheGradientDirectRuntimesAreExact"),
            new Workaround("SameDiff layers run their forward again inside backprop and the fused sparse softmax"
                    + " cross-entropy is slow: the blocks, LayerNorms, positions and LM head compute directly",
                    "io.sparklm.model.runtime.RowsRuntime",
                    "io.sparklm.model.runtime.RowsRuntimeTest#gptMatchesSameDiffDefinition"),
            new Workaround("the Add vertex ORs masks into a new array of ND4J's default float type every forward",
                    "io.sparklm.model.layers.MaskedAddVertex",
                    "io.sparklm.dl4j.Dl4jBehaviourGuardTest#addVertexOrsTwoMasksIntoANewArrayOfTheDefaultFloatType"),
            new Workaround("DropoutLayer multiplies a [B, T] mask in as a column vector and fails on [B, d, T]",
                    "io.sparklm.model.layers.SequenceDropoutLayer",
                    "io.sparklm.dl4j.Dl4jBehaviourGuardTest#dropoutLayerCannotApplyASequenceMaskInTraining"),
            new Workaround("a layer has no reference to the other layers of its graph and a parameter belongs to"
                    + " one layer: the tied LM head finds the token embedding while the graph is built",
                    "io.sparklm.model.runtime.TiedEmbedding",
                    "io.sparklm.model.LmHeadLayerTest#aTiedHeadEqualsAnUntiedOneWhoseProjectionIsTheEmbeddingTransposed"),
            new Workaround("ComputationGraph.output allocates a fresh [B, T, V] array per call",
                    "io.sparklm.dl4j.OutputWorkspace", "io.sparklm.dl4j.OutputWorkspaceTest"),
            new Workaround("no global-norm gradient clipping (only per layer)", "io.sparklm.optim.GlobalNormClipping",
                    "io.sparklm.model.TrainingTest#globalNormClippingRescalesGradientBeforeUpdate"),
            new Workaround("no AdamW learning-rate schedule with warmup and cosine decay",
                    "io.sparklm.optim.WarmupDecaySchedule", "io.sparklm.model.TrainingTest"),
            new Workaround("fit cannot sum the gradients of several minibatches or workers before one update",
                    "io.sparklm.train.engine.GradientStep",
                    "io.sparklm.train.engine.GradientStepTest#computeAndApplyIsBitIdenticalToFitOnTheViewAndOnACopy"),
            new Workaround("the score adds the weight-decay penalty to the data loss",
                    "io.sparklm.train.engine.LossMath", "io.sparklm.train.engine.TrainLossTest"),
            new Workaround("parameter-averaging workers rebuild their network every call",
                    "io.sparklm.train.engine.ReusingParameterAveraging",
                    "io.sparklm.train.SparkTrainerTest#reusedWorkerNetsTrainBitIdenticallyToDl4jRebuild"),
            new Workaround("parameter-averaging workers restart at iteration 0 (the configuration's clone drops it)",
                    "io.sparklm.train.engine.WorkerStepHook",
                    "io.sparklm.dl4j.Dl4jBehaviourGuardTest#aClonedGraphConfigurationStartsAtIterationZero"),
            new Workaround("gradient-sharing workers train at iteration 0: their network's iteration count never"
                    + " advances (the LR schedule and Adam's bias correction stay at step 0; guarded end to end by"
                    + " scripts/cluster-test shared)", "io.sparklm.train.engine.SharedWorkerIteration",
                    "io.sparklm.train.engine.SharedWorkerIterationTest#eachUpdateRunsAtTheCallsStartStepPlusTheMinibatchesBefore"),
            new Workaround("gradient-sharing workers keep training their first call's network: they never take the"
                    + " driver's parameters again and drop other workers' updates arriving after their last minibatch"
                    + " of a call, drifting from the driver (guarded end to end by scripts/cluster-test shared)",
                    "io.sparklm.train.engine.SharedWorkerIteration",
                    "io.sparklm.train.engine.SharedWorkerIterationTest#aFitStartsFromTheNewestCallsStepAndDriverParameters"),
            new Workaround("the parameter-averaging builder does not save the updater by default",
                    "io.sparklm.train.engine.TrainingMasters",
                    "io.sparklm.dl4j.Dl4jBehaviourGuardTest#parameterAveragingBuilderDoesNotSaveTheUpdaterByDefault"),
            new Workaround("StaticPortSupplier(int) ignores its port: every JVM takes 49876",
                    "io.sparklm.train.engine.SharedPorts",
                    "io.sparklm.dl4j.StaticPortSupplierGuardTest#dl4jStaticPortSupplierIgnoresItsPortOursDoesNot"),
            new Workaround("gradient sharing's embedded Aeron media driver leaves its /dev/shm directory and needs a"
                    + " publication unblock timeout above the client liveness timeout DL4J sets",
                    "io.sparklm.train.engine.TrainingMasters",
                    "io.sparklm.train.engine.TrainingMastersTest#theEmbeddedMediaDriverDeletesItsShmDirectoryOnClose"),
            new Workaround("gradient sharing reports no training score", "io.sparklm.train.engine.SparkEngine",
                    "io.sparklm.train.SparkTrainerTest#gradientSharingLossFalls"),
            new Workaround("SameDiff prints one line per op to System.out while building a gradient function",
                    "io.sparklm.train.run.NoiseFilter", "io.sparklm.train.run.NoiseFilterTest"));

    private Dl4jWorkarounds() {}
}
