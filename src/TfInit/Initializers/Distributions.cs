using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
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
            TensorPrimitives.Multiply(destination, stddev, destination);
            return;
        }

        // Two separately rounded operations, as numpy's mean + stddev * z (a fused multiply-add would differ in the last bit).
        TensorPrimitives.Multiply(destination, stddev, destination);
        TensorPrimitives.Add(destination, mean, destination);
    }

    /// <summary><c>low + (high - low) * u</c>, u ~ U[0, 1), as <c>np.random.uniform(low, high)</c>.</summary>
    public static void Uniform(Span<double> destination, RandomStream stream, double low, double high)
    {
        stream.Uniform(destination);
        TensorPrimitives.Multiply(destination, high - low, destination);
        TensorPrimitives.Add(destination, low, destination);
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
        // The rejection happened on z; the clamp only absorbs a last-bit rounding of mean + stddev * z. Multiply and add
        // are separate passes: the JIT may fuse a vector a * b + c into one FMA, which would round differently from the
        // scalar tail. The compare-and-select is Math.Clamp lane by lane.
        TensorPrimitives.Multiply(destination, stddev, destination);
        TensorPrimitives.Add(destination, mean, destination);
        var aV = Vector256.Create(a);
        var bV = Vector256.Create(b);
        int i = 0;
        for (; i + 4 <= destination.Length; i += 4)
        {
            var x = Vector256.Create<double>(destination.Slice(i, 4));
            x = Vector256.ConditionalSelect(Vector256.LessThan(x, aV), aV, Vector256.ConditionalSelect(Vector256.GreaterThan(x, bV), bV, x));
            x.CopyTo(destination[i..]);
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = Math.Clamp(destination[i], a, b);
        }
    }
}
