namespace TfInit.Analysis;

/// <summary>Summary statistics of a set of values, the quantities numpy's mean, std (ddof = 0), min and max give.</summary>
/// <param name="Mean">The arithmetic mean.</param>
/// <param name="Std">The population standard deviation, sqrt(mean((x - mean)^2)).</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
public readonly record struct Statistics(double Mean, double Std, double Min, double Max)
{
    /// <summary>
    /// Computes the statistics as <see cref="StatisticsBuilder"/> does (two passes over each block of 4096 values while it
    /// is in cache, blocks merged by Chan et al.'s update with compensated sums), so a tensor streamed chunk by chunk and
    /// the same values in one span give the same bits, on every CPU and vector width.
    /// </summary>
    /// <param name="values">At least one value.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentException">No values.</exception>
    public static Statistics Of(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("Statistics need at least one value.", nameof(values));
        }

        var builder = new StatisticsBuilder();
        builder.Add(values);
        return builder.Result();
    }
}
