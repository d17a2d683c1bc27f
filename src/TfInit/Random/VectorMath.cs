using System.Runtime.CompilerServices;
using TfInit.Random.Simd;

namespace TfInit.Random;

/// <summary>
/// The logarithm and sine/cosine Box-Muller needs, written once for every vector width <typeparamref name="W"/>
/// describes. The runtime's <c>Vector256.Log</c> and
/// <c>Vector256.SinCos</c> are not used: their last bit follows the JIT tier (MultiplyAddEstimate fuses only in optimized
/// code) and SinCos falls back to scalar code for a whole vector when one lane is large, so a value would depend on its
/// neighbours and on when it was computed. These use only correctly rounded +, -, *, / (never fused), giving the same
/// bits on every lane, width, tier and machine, to within about one unit in the last place of the true value.
/// </summary>
/// <typeparam name="TDouble">The vector of doubles.</typeparam>
/// <typeparam name="TBits">The vector of 64-bit integers of the same width.</typeparam>
/// <typeparam name="W">The width's operations.</typeparam>
internal static class VectorMath<TDouble, TBits, W>
    where TDouble : struct
    where TBits : unmanaged
    where W : struct, ISimdWidth<TDouble, TBits>
{
    /// <summary>2^52, the double whose last mantissa bit is 1: q + 2^52 holds a small integer q in its low bits.</summary>
    private const double TwoPow52 = 4503599627370496.0;

    // fdlibm's split of ln 2: e * Ln2High is exact for the exponents of doubles.
    private const double Ln2High = 6.93147180369123816490e-01;
    private const double Ln2Low = 1.90821492927058770002e-10;
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>Natural logarithm of positive, normal, finite lanes (Box-Muller passes 1 - u in [2^-53, 1]).</summary>
    /// <param name="x">Positive normal values.</param>
    /// <returns>ln x per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TDouble Log(TDouble x)
    {
        var ops = default(W);
        // x = 2^e * m with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(f), f = (m - 1) / (m + 1), |f| <= 0.1716.
        var bits = ops.AsBits(x);
        var one = ops.Create(1.0);
        var m = ops.AsDouble(ops.Or(ops.And(bits, ops.Create(0x000F_FFFF_FFFF_FFFFUL)), ops.Create(0x3FF0_0000_0000_0000UL)));
        var big = ops.GreaterThan(m, ops.Create(Sqrt2));
        m = ops.Select(big, ops.Multiply(m, ops.Create(0.5)), m);

        // The biased exponent (x >>> 52, x being positive) less 1023, plus one where m was halved: all exact integers.
        var e = ops.Add(ops.Subtract(ops.ToDouble(ops.ShiftRight(bits, 52)), ops.Create(1023.0)), ops.And(big, one));
        var f = ops.Divide(ops.Subtract(m, one), ops.Add(m, one));
        var s = ops.Multiply(f, f);

        // 2 atanh(f) = 2 (f + f^3/3 + ... + f^23/23): the next term is below 2^-60 of the sum for |f| <= 0.1716.
        var p = ops.Create(2.0 / 23);
        p = MultiplyAdd(p, s, 2.0 / 21);
        p = MultiplyAdd(p, s, 2.0 / 19);
        p = MultiplyAdd(p, s, 2.0 / 17);
        p = MultiplyAdd(p, s, 2.0 / 15);
        p = MultiplyAdd(p, s, 2.0 / 13);
        p = MultiplyAdd(p, s, 2.0 / 11);
        p = MultiplyAdd(p, s, 2.0 / 9);
        p = MultiplyAdd(p, s, 2.0 / 7);
        p = MultiplyAdd(p, s, 2.0 / 5);
        p = MultiplyAdd(p, s, 2.0 / 3);
        var series = ops.Add(ops.Multiply(ops.Multiply(f, s), p), ops.Multiply(f, ops.Create(2.0)));
        return ops.Add(ops.Multiply(e, ops.Create(Ln2High)), ops.Add(ops.Multiply(e, ops.Create(Ln2Low)), series));
    }

    /// <summary>sin(2 pi u) and cos(2 pi u) for u in [0, 1).</summary>
    /// <param name="u">Values in [0, 1) that are multiples of 2^-53 (so the quadrant split below is exact).</param>
    /// <returns>The sine and cosine per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (TDouble Sin, TDouble Cos) SinCosTwoPi(TDouble u)
    {
        var ops = default(W);
        // u = q/4 + t with q the nearest quarter and |t| <= 1/8, both exact; 2 pi u = q pi/2 + a, |a| <= pi/4.
        var q = ops.Round(ops.Multiply(u, ops.Create(4.0)));
        var a = ops.Multiply(ops.Subtract(u, ops.Multiply(q, ops.Create(0.25))), ops.Create(2.0 * Math.PI));
        var z = ops.Multiply(a, a);

        // Taylor series on |a| <= pi/4: the first omitted terms (a^19/19!, a^18/18!) are below 2^-57.
        var sp = ops.Create(1.0 / 355687428096000.0);
        sp = MultiplyAdd(sp, z, -1.0 / 1307674368000.0);
        sp = MultiplyAdd(sp, z, 1.0 / 6227020800.0);
        sp = MultiplyAdd(sp, z, -1.0 / 39916800.0);
        sp = MultiplyAdd(sp, z, 1.0 / 362880.0);
        sp = MultiplyAdd(sp, z, -1.0 / 5040.0);
        sp = MultiplyAdd(sp, z, 1.0 / 120.0);
        sp = MultiplyAdd(sp, z, -1.0 / 6.0);
        var sin = ops.Add(a, ops.Multiply(ops.Multiply(a, z), sp));

        var cp = ops.Create(1.0 / 20922789888000.0);
        cp = MultiplyAdd(cp, z, -1.0 / 87178291200.0);
        cp = MultiplyAdd(cp, z, 1.0 / 479001600.0);
        cp = MultiplyAdd(cp, z, -1.0 / 3628800.0);
        cp = MultiplyAdd(cp, z, 1.0 / 40320.0);
        cp = MultiplyAdd(cp, z, -1.0 / 720.0);
        cp = MultiplyAdd(cp, z, 1.0 / 24.0);
        cp = MultiplyAdd(cp, z, -0.5);
        var cos = ops.Add(ops.Create(1.0), ops.Multiply(z, cp));

        // Quadrant q mod 4 (q in 0..4, read from the low mantissa bits of q + 2^52): 1 swaps to (cos, -sin), 2 negates
        // both, 3 gives (-cos, sin).
        var quadrant = ops.AsBits(ops.Add(q, ops.Create(TwoPow52)));
        var bit0 = ops.Create(1UL);
        var bit1 = ops.Create(2UL);
        var swap = ops.AsDouble(ops.EqualBits(ops.And(quadrant, bit0), bit0));
        var sinSign = ops.AsDouble(ops.ShiftLeft(ops.And(quadrant, bit1), 62));
        var cosSign = ops.AsDouble(ops.ShiftLeft(ops.And(ops.AsBits(ops.Add(q, ops.Create(TwoPow52 + 1))), bit1), 62));
        var s = ops.Xor(ops.Select(swap, cos, sin), sinSign);
        var c = ops.Xor(ops.Select(swap, sin, cos), cosSign);
        return (s, c);
    }

    /// <summary>One Horner step, p * x + c, rounded twice (never fused). Subtracting c and adding -c round alike.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TDouble MultiplyAdd(TDouble p, TDouble x, double c)
    {
        var ops = default(W);
        return ops.Add(ops.Multiply(p, x), ops.Create(c));
    }
}
