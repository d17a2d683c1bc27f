namespace TfInit.Keras.Probes;

/// <summary>Statistics of one layer's output on a forward pass.</summary>
/// <param name="Index">The layer's position in the model (0-based).</param>
/// <param name="Name">The layer's name.</param>
/// <param name="Units">The size of the output's last axis.</param>
/// <param name="Mean">Mean over every element of the batch output.</param>
/// <param name="Std">Population standard deviation over every element.</param>
/// <param name="SaturatedFraction">For bounded activations (tanh, sigmoid), the fraction of values within 1% of a bound
/// (|x - centre| &gt; 0.99 * half-range); 0 otherwise.</param>
/// <param name="ZeroFraction">The fraction of values exactly 0 (dead ReLU units).</param>
/// <param name="Histogram">Counts of the values over <see cref="HistogramRange"/>.</param>
/// <param name="HistogramRange">The histogram's range: the activation's bounds, or the values' min and max.</param>
public sealed record ActivationStatistics(
    int Index, string Name, long Units, double Mean, double Std, double SaturatedFraction, double ZeroFraction,
    long[] Histogram, (double Low, double High) HistogramRange);
