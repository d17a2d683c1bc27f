using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TfInit.Random;

/// <summary>
/// The logarithm and sine/cosine Box-Muller needs, four lanes at a time. The runtime's <c>Vector256.Log</c> and
/// <c>Vector256.SinCos</c> are not used: their last bit follows the JIT tier (MultiplyAddEstimate fuses only in optimized
/// code) and SinCos falls back to scalar code for a whole vector when one lane is large, so a value would depend on its
/// neighbours and on when it was computed. These use only correctly rounded +, -, *, / (never fused), giving the same
/// bits on every lane, tier and machine, to within about one unit in the last place of the true value. The Vector512
/// overloads repeat the Vector256 ones operation for operation (so AVX-512 machines get the same bits, twice as wide).
/// </summary>
internal static class VectorMath
{
    // fdlibm's split of ln 2: e * Ln2High is exact for the exponents of doubles.
    private const double Ln2High = 6.93147180369123816490e-01;
    private const double Ln2Low = 1.90821492927058770002e-10;
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>Natural logarithm of positive, normal, finite lanes (Box-Muller passes 1 - u in [2^-53, 1]).</summary>
    /// <param name="x">Positive normal values.</param>
    /// <returns>ln x per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log(Vector256<double> x)
    {
        // x = 2^e * m with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(f), f = (m - 1) / (m + 1), |f| <= 0.1716.
        var bits = x.AsUInt64();
        var exponent = (bits >>> 52).AsInt64() - Vector256.Create(1023L);
        var m = ((bits & Vector256.Create(0x000F_FFFF_FFFF_FFFFUL)) | Vector256.Create(0x3FF0_0000_0000_0000UL)).AsDouble();
        var big = Vector256.GreaterThan(m, Vector256.Create(Sqrt2));
        m = Vector256.ConditionalSelect(big, m * 0.5, m);
        exponent -= big.AsInt64();
        var e = Vector256.ConvertToDouble(exponent);
        var f = (m - Vector256<double>.One) / (m + Vector256<double>.One);
        var s = f * f;

        // 2 atanh(f) = 2 (f + f^3/3 + ... + f^23/23): the next term is below 2^-60 of the sum for |f| <= 0.1716.
        var p = Vector256.Create(2.0 / 23);
        p = (p * s) + Vector256.Create(2.0 / 21);
        p = (p * s) + Vector256.Create(2.0 / 19);
        p = (p * s) + Vector256.Create(2.0 / 17);
        p = (p * s) + Vector256.Create(2.0 / 15);
        p = (p * s) + Vector256.Create(2.0 / 13);
        p = (p * s) + Vector256.Create(2.0 / 11);
        p = (p * s) + Vector256.Create(2.0 / 9);
        p = (p * s) + Vector256.Create(2.0 / 7);
        p = (p * s) + Vector256.Create(2.0 / 5);
        p = (p * s) + Vector256.Create(2.0 / 3);
        var series = (f * s * p) + (f * 2.0);
        return (e * Ln2High) + ((e * Ln2Low) + series);
    }

    /// <summary>sin(2 pi u) and cos(2 pi u) for u in [0, 1).</summary>
    /// <param name="u">Values in [0, 1) that are multiples of 2^-53 (so the quadrant split below is exact).</param>
    /// <returns>The sine and cosine per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<double> Sin, Vector256<double> Cos) SinCosTwoPi(Vector256<double> u)
    {
        // u = q/4 + t with q the nearest quarter and |t| <= 1/8, both exact; 2 pi u = q pi/2 + a, |a| <= pi/4.
        var q = Vector256.Round(u * 4.0);
        var a = (u - (q * 0.25)) * (2.0 * Math.PI);
        var z = a * a;

        // Taylor series on |a| <= pi/4: the first omitted terms (a^19/19!, a^18/18!) are below 2^-57.
        var sp = Vector256.Create(1.0 / 355687428096000.0);
        sp = (sp * z) - Vector256.Create(1.0 / 1307674368000.0);
        sp = (sp * z) + Vector256.Create(1.0 / 6227020800.0);
        sp = (sp * z) - Vector256.Create(1.0 / 39916800.0);
        sp = (sp * z) + Vector256.Create(1.0 / 362880.0);
        sp = (sp * z) - Vector256.Create(1.0 / 5040.0);
        sp = (sp * z) + Vector256.Create(1.0 / 120.0);
        sp = (sp * z) - Vector256.Create(1.0 / 6.0);
        var sin = a + (a * z * sp);

        var cp = Vector256.Create(1.0 / 20922789888000.0);
        cp = (cp * z) - Vector256.Create(1.0 / 87178291200.0);
        cp = (cp * z) + Vector256.Create(1.0 / 479001600.0);
        cp = (cp * z) - Vector256.Create(1.0 / 3628800.0);
        cp = (cp * z) + Vector256.Create(1.0 / 40320.0);
        cp = (cp * z) - Vector256.Create(1.0 / 720.0);
        cp = (cp * z) + Vector256.Create(1.0 / 24.0);
        cp = (cp * z) - Vector256.Create(0.5);
        var cos = Vector256<double>.One + (z * cp);

        // Quadrant q mod 4: 1 swaps to (cos, -sin), 2 negates both, 3 gives (-cos, sin).
        var quadrant = Vector256.ConvertToInt64(q);
        var swap = Vector256.Equals(quadrant & Vector256.Create(1L), Vector256.Create(1L)).AsDouble();
        var sinSign = ((quadrant & Vector256.Create(2L)) << 62).AsDouble();
        var cosSign = (((quadrant + Vector256.Create(1L)) & Vector256.Create(2L)) << 62).AsDouble();
        var s = Vector256.ConditionalSelect(swap, cos, sin) ^ sinSign;
        var c = Vector256.ConditionalSelect(swap, sin, cos) ^ cosSign;
        return (s, c);
    }

    /// <summary>The eight-lane <see cref="Log(Vector256{double})"/>, the same operations lane by lane.</summary>
    /// <param name="x">Positive normal values.</param>
    /// <returns>ln x per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Log(Vector512<double> x)
    {
        // x = 2^e * m with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(f), f = (m - 1) / (m + 1), |f| <= 0.1716.
        var bits = x.AsUInt64();
        var exponent = (bits >>> 52).AsInt64() - Vector512.Create(1023L);
        var m = ((bits & Vector512.Create(0x000F_FFFF_FFFF_FFFFUL)) | Vector512.Create(0x3FF0_0000_0000_0000UL)).AsDouble();
        var big = Vector512.GreaterThan(m, Vector512.Create(Sqrt2));
        m = Vector512.ConditionalSelect(big, m * 0.5, m);
        exponent -= big.AsInt64();
        var e = Vector512.ConvertToDouble(exponent);
        var f = (m - Vector512<double>.One) / (m + Vector512<double>.One);
        var s = f * f;

        // 2 atanh(f) = 2 (f + f^3/3 + ... + f^23/23): the next term is below 2^-60 of the sum for |f| <= 0.1716.
        var p = Vector512.Create(2.0 / 23);
        p = (p * s) + Vector512.Create(2.0 / 21);
        p = (p * s) + Vector512.Create(2.0 / 19);
        p = (p * s) + Vector512.Create(2.0 / 17);
        p = (p * s) + Vector512.Create(2.0 / 15);
        p = (p * s) + Vector512.Create(2.0 / 13);
        p = (p * s) + Vector512.Create(2.0 / 11);
        p = (p * s) + Vector512.Create(2.0 / 9);
        p = (p * s) + Vector512.Create(2.0 / 7);
        p = (p * s) + Vector512.Create(2.0 / 5);
        p = (p * s) + Vector512.Create(2.0 / 3);
        var series = (f * s * p) + (f * 2.0);
        return (e * Ln2High) + ((e * Ln2Low) + series);
    }

    /// <summary>The eight-lane <see cref="SinCosTwoPi(Vector256{double})"/>, the same operations lane by lane.</summary>
    /// <param name="u">Values in [0, 1) that are multiples of 2^-53 (so the quadrant split below is exact).</param>
    /// <returns>The sine and cosine per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<double> Sin, Vector512<double> Cos) SinCosTwoPi(Vector512<double> u)
    {
        // u = q/4 + t with q the nearest quarter and |t| <= 1/8, both exact; 2 pi u = q pi/2 + a, |a| <= pi/4.
        var q = Vector512.Round(u * 4.0);
        var a = (u - (q * 0.25)) * (2.0 * Math.PI);
        var z = a * a;

        // Taylor series on |a| <= pi/4: the first omitted terms (a^19/19!, a^18/18!) are below 2^-57.
        var sp = Vector512.Create(1.0 / 355687428096000.0);
        sp = (sp * z) - Vector512.Create(1.0 / 1307674368000.0);
        sp = (sp * z) + Vector512.Create(1.0 / 6227020800.0);
        sp = (sp * z) - Vector512.Create(1.0 / 39916800.0);
        sp = (sp * z) + Vector512.Create(1.0 / 362880.0);
        sp = (sp * z) - Vector512.Create(1.0 / 5040.0);
        sp = (sp * z) + Vector512.Create(1.0 / 120.0);
        sp = (sp * z) - Vector512.Create(1.0 / 6.0);
        var sin = a + (a * z * sp);

        var cp = Vector512.Create(1.0 / 20922789888000.0);
        cp = (cp * z) - Vector512.Create(1.0 / 87178291200.0);
        cp = (cp * z) + Vector512.Create(1.0 / 479001600.0);
        cp = (cp * z) - Vector512.Create(1.0 / 3628800.0);
        cp = (cp * z) + Vector512.Create(1.0 / 40320.0);
        cp = (cp * z) - Vector512.Create(1.0 / 720.0);
        cp = (cp * z) + Vector512.Create(1.0 / 24.0);
        cp = (cp * z) - Vector512.Create(0.5);
        var cos = Vector512<double>.One + (z * cp);

        // Quadrant q mod 4: 1 swaps to (cos, -sin), 2 negates both, 3 gives (-cos, sin).
        var quadrant = Vector512.ConvertToInt64(q);
        var swap = Vector512.Equals(quadrant & Vector512.Create(1L), Vector512.Create(1L)).AsDouble();
        var sinSign = ((quadrant & Vector512.Create(2L)) << 62).AsDouble();
        var cosSign = (((quadrant + Vector512.Create(1L)) & Vector512.Create(2L)) << 62).AsDouble();
        var s = Vector512.ConditionalSelect(swap, cos, sin) ^ sinSign;
        var c = Vector512.ConditionalSelect(swap, sin, cos) ^ cosSign;
        return (s, c);
    }
}
