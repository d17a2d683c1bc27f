namespace TfInit.TorchSharp.Probes;

/// <summary>One leaf module's output on a forward pass (and its gradient after a backward pass), as <c>tfinit study</c> reports a layer.</summary>
/// <param name="Index">The module's position among the leaf modules that ran, in call order (0-based).</param>
/// <param name="Name">Its qualified name in the model (e.g. <c>conv1</c>).</param>
/// <param name="ModuleType">Its type (e.g. <c>Conv2d</c>, <c>ReLU</c>).</param>
/// <param name="Shape">The output's shape.</param>
/// <param name="Mean">Mean over every element of the output.</param>
/// <param name="Std">Population standard deviation (numpy's ddof = 0).</param>
/// <param name="SaturatedFraction">For Tanh and Sigmoid outputs, the fraction within 1% of a bound (|x - centre| &gt; 0.99 * half-range); 0 otherwise.</param>
/// <param name="ZeroFraction">The fraction of values exactly 0 (dead ReLU units).</param>
/// <param name="Histogram">Counts over <see cref="HistogramRange"/> (the top edge belongs to the last bin, as numpy.histogram).</param>
/// <param name="HistogramRange">The activation's bounds (Tanh, Sigmoid) or the values' min and max.</param>
/// <param name="GradientStd">Population std of d loss / d output after the backward pass; null without a loss.</param>
/// <param name="GradientNorm">L2 norm of d loss / d output; null without a loss.</param>
/// <param name="Parameters">Gradient statistics of the module's own parameters (empty without a loss).</param>
public sealed record LayerStatistics(
    int Index, string Name, string ModuleType, long[] Shape, double Mean, double Std, double SaturatedFraction, double ZeroFraction,
    long[] Histogram, (double Low, double High) HistogramRange, double? GradientStd, double? GradientNorm,
    IReadOnlyList<ParameterGradient> Parameters);
