using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TfInit.Random.Simd;

/// <summary>
/// The single-precision draws of <see cref="PhiloxStream"/>'s float layout: 24-bit uniforms and Box-Muller on float lanes.
/// Like <see cref="VectorMath{TDouble, TBits, W}"/> it uses only correctly rounded +, -, *, / and square roots (never
/// fused), so a value is the same on every lane, vector width, JIT tier and machine. Written on <see cref="Vector{T}"/>:
/// lanes are independent elements, so the width only decides how many go through at once.
/// </summary>
internal static class SingleMath
{
    /// <summary>2^-24: a 24-bit integer times this is a float in [0, 1) with every bit exact.</summary>
    private const float TwoPowMinus24 = 5.9604645E-08f;

    // ln 2 split so that e * Ln2High is exact for the exponents met here (|e| <= 24): Ln2High has 16 significant bits.
    private const float Ln2High = 0.693145751953125f;
    private const float Ln2Low = 1.42860677E-06f;
    private const float Sqrt2 = 1.4142135f;

    /// <summary>2 pi / 2^24: an angle in 24-bit turns times this is in radians.</summary>
    private const float RadiansPerStep = 3.74507039E-07f;

    /// <summary>The uniform of each 32-bit word: <c>(w &gt;&gt; 8) * 2^-24</c>, in [0, 1 - 2^-24].</summary>
    /// <param name="words">Philox output words.</param>
    /// <returns>One float per lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Unit(Vector<uint> words) =>
        Vector.ConvertToSingle(Vector.AsVectorInt32(Vector.ShiftRightLogical(words, 8))) * TwoPowMinus24;

    /// <summary>Bit l is the sign (top) bit of lane l of <paramref name="values"/>.</summary>
    /// <param name="values">The lanes.</param>
    /// <returns>The mask.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint MostSignificantBits(Vector<int> values) => Vector<byte>.Count switch
    {
        64 => (uint)values.AsVector512().ExtractMostSignificantBits(),
        32 => values.AsVector256().ExtractMostSignificantBits(),
        _ => values.AsVector128().ExtractMostSignificantBits(),
    };

    /// <summary>
    /// Box-Muller on float lanes (Box and Muller, "A note on the generation of random normal deviates", 1958):
    /// <c>sqrt(-2 ln(1 - u1)) * (cos, sin)(2 pi u2)</c> with u1, u2 the 24-bit uniforms of <paramref name="first"/> and
    /// <paramref name="second"/>. 1 - u1 is at least 2^-24, so |value| &lt;= sqrt(48 ln 2) = 5.77.
    /// </summary>
    /// <param name="first">Words giving the radius.</param>
    /// <param name="second">Words giving the angle.</param>
    /// <returns>The cosine and the sine value of each lane, within a few units in the last place of the exact ones.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<float> Cos, Vector<float> Sin) BoxMuller(Vector<uint> first, Vector<uint> second)
    {
        var radius = Vector.SquareRoot(Log(first) * -2f);
        var (sin, cos) = SinCosTwoPi(Vector.AsVectorInt32(Vector.ShiftRightLogical(second, 8)));
        return (radius * cos, radius * sin);
    }

    /// <summary>ln(1 - u) for u = (w &gt;&gt; 8) 2^-24: ln n - 24 ln 2 with n = 2^24 - (w &gt;&gt; 8) in [1, 2^24], exact in float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Log(Vector<uint> words)
    {
        var n = Vector.ConvertToSingle(new Vector<int>(1 << 24) - Vector.AsVectorInt32(Vector.ShiftRightLogical(words, 8)));

        // n = 2^e * m with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(f), f = (m - 1) / (m + 1), |f| <= 0.1716.
        var bits = Vector.AsVectorInt32(n);
        var m = Vector.AsVectorSingle((bits & new Vector<int>(0x007F_FFFF)) | new Vector<int>(0x3F80_0000));
        var big = Vector.GreaterThan(m, new Vector<float>(Sqrt2));
        m = Vector.ConditionalSelect(big, m * 0.5f, m);

        // The exponent less the 24 of the 2^-24 scale, plus one where m was halved (big is -1 there): exact integers.
        var e = Vector.ConvertToSingle(Vector.ShiftRightLogical(bits, 23) - new Vector<int>(127 + 24) - big);
        var one = Vector<float>.One;
        var f = (m - one) / (m + one);
        var s = f * f;

        // 2 atanh(f) = 2 (f + f^3/3 + ... + f^11/11): the next term is below 2^-30 of the sum for |f| <= 0.1716.
        var p = new Vector<float>(2f / 11);
        p = (p * s) + new Vector<float>(2f / 9);
        p = (p * s) + new Vector<float>(2f / 7);
        p = (p * s) + new Vector<float>(2f / 5);
        p = (p * s) + new Vector<float>(2f / 3);
        var series = (f * s * p) + (f * 2f);
        return (e * Ln2High) + ((e * Ln2Low) + series);
    }

    /// <summary>sin and cos of 2 pi t / 2^24 for 24-bit integers t, the quadrant split done on the integers (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<float> Sin, Vector<float> Cos) SinCosTwoPi(Vector<int> turns)
    {
        // t = q 2^22 + r with q the nearest quarter turn and -2^21 <= r < 2^21; the angle is q pi/2 + a, |a| <= pi/4.
        var q = Vector.ShiftRightArithmetic(turns + new Vector<int>(1 << 21), 22);
        var a = Vector.ConvertToSingle(turns - Vector.ShiftLeft(q, 22)) * RadiansPerStep;
        var z = a * a;

        // Taylor series on |a| <= pi/4: the first omitted terms (a^11/11!, a^12/12!) are below 2^-28.
        var sp = new Vector<float>(1f / 362880);
        sp = (sp * z) + new Vector<float>(-1f / 5040);
        sp = (sp * z) + new Vector<float>(1f / 120);
        sp = (sp * z) + new Vector<float>(-1f / 6);
        var sin = a + (a * z * sp);

        var cp = new Vector<float>(-1f / 3628800);
        cp = (cp * z) + new Vector<float>(1f / 40320);
        cp = (cp * z) + new Vector<float>(-1f / 720);
        cp = (cp * z) + new Vector<float>(1f / 24);
        cp = (cp * z) + new Vector<float>(-0.5f);
        var cos = Vector<float>.One + (z * cp);

        // Quadrant q mod 4: 1 swaps to (cos, -sin), 2 negates both, 3 gives (-cos, sin).
        var swap = Vector.Equals(q & Vector<int>.One, Vector<int>.One);
        var sinSign = Vector.AsVectorSingle(Vector.ShiftLeft(q & new Vector<int>(2), 30));
        var cosSign = Vector.AsVectorSingle(Vector.ShiftLeft((q + Vector<int>.One) & new Vector<int>(2), 30));
        var s = Vector.Xor(Vector.ConditionalSelect(swap, cos, sin), sinSign);
        var c = Vector.Xor(Vector.ConditionalSelect(swap, sin, cos), cosSign);
        return (s, c);
    }
}
