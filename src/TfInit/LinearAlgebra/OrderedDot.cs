using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TfInit.LinearAlgebra;

/// <summary>
/// A dot product whose rounding does not depend on the machine. <c>TensorPrimitives.Dot</c> sums in the order its
/// widest vector gives (two lanes on ARM64 NEON, four with AVX2, eight with AVX-512), so the same seed would give a
/// different Orthogonal matrix, in the last bits, on another CPU.
/// </summary>
internal static class OrderedDot
{
    /// <summary>
    /// Sum of x[i] * y[i]: element i goes to partial sum i mod 16 (multiply and add rounded separately, never fused), the
    /// sixteen partial sums are added pairwise in a fixed tree, then the elements past the last multiple of 16 in order.
    /// </summary>
    /// <param name="x">First vector.</param>
    /// <param name="y">Second vector, at least as long as <paramref name="x"/>.</param>
    /// <returns>The dot product.</returns>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        ref double xs = ref MemoryMarshal.GetReference(x);
        ref double ys = ref MemoryMarshal.GetReference(y[..x.Length]);

        nuint whole = (nuint)(x.Length & ~15);
        var total = Vector256.IsHardwareAccelerated ? Wide(ref xs, ref ys, whole) : Narrow(ref xs, ref ys, whole);
        nuint i = whole;
        double sum = total.GetElement(0) + total.GetElement(1);
        for (; i < (nuint)x.Length; i++)
        {
            sum += Unsafe.Add(ref xs, i) * Unsafe.Add(ref ys, i);
        }

        return sum;
    }

    /// <summary>The sixteen partial sums as eight two-lane accumulators, reduced by the tree ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)).</summary>
    internal static Vector128<double> Narrow(ref double xs, ref double ys, nuint whole)
    {
        var a0 = Vector128<double>.Zero;
        var a1 = Vector128<double>.Zero;
        var a2 = Vector128<double>.Zero;
        var a3 = Vector128<double>.Zero;
        var a4 = Vector128<double>.Zero;
        var a5 = Vector128<double>.Zero;
        var a6 = Vector128<double>.Zero;
        var a7 = Vector128<double>.Zero;
        for (nuint i = 0; i < whole; i += 16)
        {
            a0 += Product(ref xs, ref ys, i);
            a1 += Product(ref xs, ref ys, i + 2);
            a2 += Product(ref xs, ref ys, i + 4);
            a3 += Product(ref xs, ref ys, i + 6);
            a4 += Product(ref xs, ref ys, i + 8);
            a5 += Product(ref xs, ref ys, i + 10);
            a6 += Product(ref xs, ref ys, i + 12);
            a7 += Product(ref xs, ref ys, i + 14);
        }

        return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
    }

    /// <summary>
    /// The same sixteen partial sums, four lanes per accumulator where the CPU has them: b0 holds a0 and a1 of
    /// <see cref="Narrow"/>, and so on, so halving each b gives the same tree with the same roundings.
    /// </summary>
    internal static Vector128<double> Wide(ref double xs, ref double ys, nuint whole)
    {
        var b0 = Vector256<double>.Zero;
        var b1 = Vector256<double>.Zero;
        var b2 = Vector256<double>.Zero;
        var b3 = Vector256<double>.Zero;
        for (nuint i = 0; i < whole; i += 16)
        {
            b0 += Vector256.LoadUnsafe(ref xs, i) * Vector256.LoadUnsafe(ref ys, i);
            b1 += Vector256.LoadUnsafe(ref xs, i + 4) * Vector256.LoadUnsafe(ref ys, i + 4);
            b2 += Vector256.LoadUnsafe(ref xs, i + 8) * Vector256.LoadUnsafe(ref ys, i + 8);
            b3 += Vector256.LoadUnsafe(ref xs, i + 12) * Vector256.LoadUnsafe(ref ys, i + 12);
        }

        return ((b0.GetLower() + b0.GetUpper()) + (b1.GetLower() + b1.GetUpper()))
            + ((b2.GetLower() + b2.GetUpper()) + (b3.GetLower() + b3.GetUpper()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Product(ref double x, ref double y, nuint at) =>
        Vector128.LoadUnsafe(ref x, at) * Vector128.LoadUnsafe(ref y, at);
}
