using System.Numerics;
using TfInit.Random;
using TfInit.Random.Simd;

namespace TfInit.Tests.Random;

/// <summary>
/// The Philox stream's own logarithm and sine/cosine (used instead of the runtime's, whose last bit varies by JIT tier
/// and lane) must still be the functions they claim to be, to within a few units in the last place. Checked on the
/// preferred width; <see cref="SimdWidthTests"/> shows the other widths give the same bits.
/// </summary>
public sealed class VectorMathTests
{
    [Fact]
    public void LogMatchesMathLog()
    {
        var random = new System.Random(5);
        for (int i = 0; i < 20_000; i++)
        {
            // 1 - u for 53-bit u, Box-Muller's argument, plus the extremes 2^-53 and 1.
            double x = i switch { 0 => 1.0, 1 => 1.0 / (1UL << 53), _ => 1.0 - (random.NextInt64(1L << 53) / (double)(1UL << 53)) };
            double actual = VectorMath<Vector<double>, Vector<ulong>, PreferredWidth>.Log(new Vector<double>(x))[0];
            double expected = Math.Log(x);
            Assert.True(Math.Abs(actual - expected) <= 4 * Math.Max(double.Epsilon, Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected)),
                $"log({x:R}) = {actual:R}, Math.Log gives {expected:R}");
        }
    }

    [Fact]
    public void SinCosTwoPiMatchesMathSinCos()
    {
        var random = new System.Random(6);
        for (int i = 0; i < 20_000; i++)
        {
            double u = i < 8 ? i / 8.0 : random.NextInt64(1L << 53) / (double)(1UL << 53);
            var (sin, cos) = VectorMath<Vector<double>, Vector<ulong>, PreferredWidth>.SinCosTwoPi(new Vector<double>(u));
            var (expectedSin, expectedCos) = Math.SinCos(2 * Math.PI * u);

            // Absolute error: near the zeros of sin and cos, 2 pi u itself carries an error of about 2^-53 * 2 pi.
            Assert.True(Math.Abs(sin[0] - expectedSin) < 2e-15, $"sin(2 pi {u:R}) = {sin[0]:R}, expected {expectedSin:R}");
            Assert.True(Math.Abs(cos[0] - expectedCos) < 2e-15, $"cos(2 pi {u:R}) = {cos[0]:R}, expected {expectedCos:R}");
        }
    }
}
