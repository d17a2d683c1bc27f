using TfInit.Initializers;

namespace TfInit.Keras.Studies;

/// <summary>
/// One sample graph of the tutorial: standard-normal inputs through Dense layers (no bias by default),
/// optionally batch-normalized, then an activation, layer after layer.
/// </summary>
/// <param name="Activation">The activation after every layer (<see cref="Activations.Names"/>).</param>
/// <param name="Initializer">The kernel initializer of every layer.</param>
/// <param name="InputRows">Rows of the input batch.</param>
/// <param name="InputFeatures">Features of the input batch.</param>
/// <param name="Widths">The width of every layer, in order.</param>
/// <param name="BatchNorm">Whether to put <c>tf.contrib.layers.batch_norm</c> (batch statistics, epsilon 1e-3, center and scale) between the matmul and the activation.</param>
/// <param name="Bias">Whether the Dense layers add a (zero-initialized) bias.</param>
/// <param name="Float64">Whether to compute in float64 (numpy's default) rather than float32.</param>
/// <param name="Seed">The seed of the stream the input and every kernel are drawn from, in that order.</param>
/// <param name="NumPyStream">Whether the stream is numpy's legacy MT19937 (bit-identical to <c>np.random.seed(Seed)</c>) rather than Philox.</param>
public sealed record StudySpec(
    string Activation,
    Initializer Initializer,
    int InputRows,
    int InputFeatures,
    IReadOnlyList<int> Widths,
    bool BatchNorm = false,
    bool Bias = false,
    bool Float64 = false,
    long Seed = 1,
    bool NumPyStream = false);
