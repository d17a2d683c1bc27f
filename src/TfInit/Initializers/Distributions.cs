using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
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
            Elementwise.Scale(destination, stddev);
            return;
        }

        // Two separately rounded operations, as numpy's mean + stddev * z (a fused multiply-add would differ in the last bit).
        Elementwise.ScaleShift(destination, stddev, mean);
    }

    /// <summary><c>low + (high - low) * u</c>, u ~ U[0, 1), as <c>np.random.uniform(low, high)</c>.</summary>
    public static void Uniform(Span<double> destination, RandomStream stream, double low, double high)
    {
        stream.Uniform(destination);
        Elementwise.ScaleShift(destination, high - low, low);
    }

    /// <summary>
    /// <c>mean + stddev * z</c> with z ~ N(0, 1) redrawn until <c>a &lt;= mean + stddev * z &lt;= b</c>
    /// (absolute cut-offs, no variance correction).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Truncated(Span<double> destination, RandomStream stream, double mean, double stddev, double a, double b)
    {
        if (stddev == 0.0)
        {
            destination.Fill(mean);
            return;
        }

        double low = (a - mean) / stddev;
        double high = (b - mean) / stddev;
        if (!(low < high))
        {
            // [a, b] is narrower than a double resolves at this scale (mean +- 2 stddev rounds to the mean when stddev is
            // below the mean's last bit): the clamped mean is the only value the distribution has left.
            destination.Fill(Math.Clamp(mean, a, b));
            return;
        }

        stream.TruncatedStandardNormal(destination, low, high);
        // The rejection happened on z; the clamp only absorbs a last-bit rounding of mean + stddev * z. One pass does
        // the affine map and Math.Clamp lane by lane (compare-and-select keeps a -0.0 that Math.Clamp keeps); the JIT
        // does not contract a vector multiply and add into an FMA, so the lanes round as the scalar tail does.
        var meanV = new Vector<double>(mean);
        var stddevV = new Vector<double>(stddev);
        var aV = new Vector<double>(a);
        var bV = new Vector<double>(b);
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(destination);
        for (int v = 0; v < vectors.Length; v++)
        {
            var x = meanV + (stddevV * vectors[v]);
            vectors[v] = Vector.ConditionalSelect(Vector.LessThan(x, aV), aV, Vector.ConditionalSelect(Vector.GreaterThan(x, bV), bV, x));
        }

        for (int i = vectors.Length * Vector<double>.Count; i < destination.Length; i++)
        {
            destination[i] = Math.Clamp(mean + (stddev * destination[i]), a, b);
        }
    }
}
