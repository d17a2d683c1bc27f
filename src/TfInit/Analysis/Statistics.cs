namespace TfInit.Analysis;

/// <summary>Summary statistics of a set of values, as numpy computes them (std with ddof = 0).</summary>
/// <param name="Mean">The arithmetic mean.</param>
/// <param name="Std">The population standard deviation, sqrt(mean((x - mean)^2)).</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
public readonly record struct Statistics(double Mean, double Std, double Min, double Max)
{
    /// <summary>Computes the statistics in two passes (mean, then squared deviations), as numpy does.</summary>
    /// <param name="values">At least one value.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentException">No values.</exception>
    public static Statistics Of(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("Statistics need at least one value.", nameof(values));
        }

        double mean = System.Numerics.Tensors.TensorPrimitives.Sum(values) / values.Length;
        double squares = 0;
        foreach (double v in values)
        {
            squares += (v - mean) * (v - mean);
        }

        return new Statistics(
            mean,
            Math.Sqrt(squares / values.Length),
            System.Numerics.Tensors.TensorPrimitives.Min(values),
            System.Numerics.Tensors.TensorPrimitives.Max(values));
    }
}
