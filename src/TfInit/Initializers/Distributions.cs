using TfInit.Random;

namespace TfInit.Initializers;

/// <summary>
/// The three draws every element-wise initializer reduces to, written with numpy's formulas so the NumPy
/// stream reproduces numpy's values bit for bit.
/// </summary>
internal static class Distributions
{
    /// <summary><c>mean + stddev * z</c>, as <c>np.random.normal(loc, scale)</c>; with mean 0 it equals <c>randn() * stddev</c>.</summary>
    public static void Normal(Span<double> destination, RandomStream stream, double mean, double stddev)
    {
        stream.StandardNormal(destination);
        if (mean == 0.0)
        {
            // randn(...) * stddev: numpy's snippet form, and adding 0.0 would turn -0.0 into 0.0.
            foreach (ref double x in destination)
            {
                x *= stddev;
            }

            return;
        }

        foreach (ref double x in destination)
        {
            x = mean + stddev * x;
        }
    }

    /// <summary><c>low + (high - low) * u</c>, u ~ U[0, 1), as <c>np.random.uniform(low, high)</c>.</summary>
    public static void Uniform(Span<double> destination, RandomStream stream, double low, double high)
    {
        stream.Uniform(destination);
        double range = high - low;
        foreach (ref double x in destination)
        {
            x = low + range * x;
        }
    }

    /// <summary>
    /// <c>mean + stddev * z</c> with z ~ N(0, 1) redrawn until <c>a &lt;= mean + stddev * z &lt;= b</c>
    /// (absolute cut-offs, no variance correction).
    /// </summary>
    public static void Truncated(Span<double> destination, RandomStream stream, double mean, double stddev, double a, double b)
    {
        if (stddev == 0.0)
        {
            destination.Fill(mean);
            return;
        }

        stream.TruncatedStandardNormal(destination, (a - mean) / stddev, (b - mean) / stddev);
        foreach (ref double x in destination)
        {
            // The rejection happened on z; the clamp only absorbs a last-bit rounding of mean + stddev * z.
            x = Math.Clamp(mean + stddev * x, a, b);
        }
    }
}
