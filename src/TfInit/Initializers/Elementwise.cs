using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TfInit.Initializers;

/// <summary>
/// The element-wise passes of a fill (scale, shift, round to float). TensorPrimitives does the same arithmetic, but its
/// generic code starts unoptimized (tier 0) in every process and runs about three times slower for the first dozen fills,
/// which is all the fills a model's initialization makes. Each element is one IEEE multiply and one add, rounded
/// separately (never fused), so the vector width changes nothing in the results.
/// </summary>
internal static class Elementwise
{
    /// <summary><c>x[i] = x[i] * factor</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(Span<double> x, double factor)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(x);
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i] *= factor;
        }

        for (int i = vectors.Length * Vector<double>.Count; i < x.Length; i++)
        {
            x[i] *= factor;
        }
    }

    /// <summary><c>x[i] = x[i] * factor + shift</c>, the product rounded before the sum (numpy's <c>loc + scale * z</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScaleShift(Span<double> x, double factor, double shift)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(x);
        var factorV = new Vector<double>(factor);
        var shiftV = new Vector<double>(shift);
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i] = (vectors[i] * factorV) + shiftV;
        }

        for (int i = vectors.Length * Vector<double>.Count; i < x.Length; i++)
        {
            x[i] = (x[i] * factor) + shift;
        }
    }

    /// <summary><c>y[i] = (float)x[i]</c>, rounded to nearest, ties to even.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Narrow(ReadOnlySpan<double> x, Span<float> y)
    {
        var from = MemoryMarshal.Cast<double, Vector<double>>(x);
        var to = MemoryMarshal.Cast<float, Vector<float>>(y[..x.Length]);
        int pairs = Math.Min(from.Length / 2, to.Length);
        for (int i = 0; i < pairs; i++)
        {
            to[i] = Vector.Narrow(from[2 * i], from[(2 * i) + 1]);
        }

        for (int i = pairs * Vector<float>.Count; i < x.Length; i++)
        {
            y[i] = (float)x[i];
        }
    }

    /// <summary>
    /// <c>y[i] = (float)x[i]</c> as <see cref="Narrow"/>, written with streaming (non-temporal) stores where the CPU has
    /// them: for a tensor far larger than the caches, writing its lines without first reading them in (and evicting
    /// the draws still to be used) saves memory traffic. The same values either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void NarrowStreaming(ReadOnlySpan<double> x, Span<float> y)
    {
        if (!Avx.IsSupported)
        {
            Narrow(x, y);
            return;
        }

        fixed (double* from = x)
        fixed (float* to = y)
        {
            int i = 0;
            for (; i < x.Length && ((nint)(to + i) & 31) != 0; i++)
            {
                to[i] = (float)from[i];
            }

            for (; i + 8 <= x.Length; i += 8)
            {
                var low = Avx.ConvertToVector128Single(Avx.LoadVector256(from + i));
                var high = Avx.ConvertToVector128Single(Avx.LoadVector256(from + i + 4));
                Avx.StoreAlignedNonTemporal(to + i, Vector256.Create(low, high));
            }

            for (; i < x.Length; i++)
            {
                to[i] = (float)from[i];
            }

            // Streaming stores are weakly ordered: fence them before the values are read (by this or another thread).
            Sse.StoreFence();
        }
    }
}
