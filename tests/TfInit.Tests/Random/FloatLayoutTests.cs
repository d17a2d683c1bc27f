using System.Numerics;
using TfInit.Random;
using TfInit.Random.Simd;
using TfInit.Tests.Upstream;

namespace TfInit.Tests.Random;

/// <summary>
/// PhiloxStream's float layout (the draws of float32 and bfloat16 fills): the documented word order, the
/// single-precision Box-Muller against the exact one in double, the redraw's candidate order, and the distribution
/// against scipy. <see cref="SimdWidthTests"/> checks that every vector width gives the same bits.
/// </summary>
public sealed class FloatLayoutTests
{
    private const long Seed = (5L << 32) | 17;

    // The single-precision radius and angle each carry a few roundings of 2^-24 relative (see SingleMath): measured
    // worst cases over all 2^24 radius words and all 2^24 angle words are 2.16 units of 2^-24 of the
    // radius; the bound allows 4, so a lost term of a series (at least 2^-20) or a wrong quadrant fails.
    private const double Units = 4.0 / (1 << 24);

    [Theory]
    [InlineData(0L, 100)]
    [InlineData(5L, 37)]
    [InlineData((1L << 34) - 9, 50)]
    public void UniformElementsAreTheirWordsTopTwentyFourBits(long start, int length)
    {
        var values = new double[length];
        new PhiloxStream(Seed, start, singlePrecision: true).Uniform(values);
        for (int j = 0; j < length; j++)
        {
            Assert.Equal((Word(start + j, domain: 4) >> 8) / (double)(1 << 24), values[j]);
        }
    }

    [Theory]
    [InlineData(0L, 100)]
    [InlineData(11L, 45)]
    [InlineData((1L << 34) - 9, 50)]
    public void NormalElementsAreTheBoxMullerPairsOfTheDocumentedWords(long start, int length)
    {
        var values = new double[length];
        new PhiloxStream(Seed, start, singlePrecision: true).StandardNormal(values);
        for (int j = 0; j < length; j++)
        {
            long i = start + j;
            long group = i & ~15L;
            int k = (int)(i & 15);
            uint radius = Word(group + (k & 7), domain: 5);
            uint angle = Word(group + 8 + (k & 7), domain: 5);
            var (cos, sin, r) = Exact(radius, angle);
            Assert.True(Math.Abs(values[j] - (k < 8 ? cos : sin)) <= Units * Math.Max(r, 1e-3), $"element {i}: {values[j]} vs {(k < 8 ? cos : sin)}");
        }
    }

    [Fact]
    public void TheRadiusIsWithinFourUnitsOfTwoToTheMinus24ForEveryWord()
    {
        // All 2^24 radius words at angle 0 (cos 1, sin 0 exactly): the value is the radius itself.
        int lanes = Vector<uint>.Count;
        var words = new uint[lanes];
        double worst = 0;
        for (uint t = 0; t < 1u << 24; t += (uint)lanes)
        {
            for (int l = 0; l < lanes; l++)
            {
                words[l] = (t + (uint)l) << 8;
            }

            var (cos, sin) = SingleMath.BoxMuller(new Vector<uint>(words), Vector<uint>.Zero);
            for (int l = 0; l < lanes; l++)
            {
                double r = Exact(words[l], 0).Radius;
                worst = Math.Max(worst, Math.Abs(cos[l] - r) / Math.Max(r, 1e-3));
                Assert.Equal(0f, sin[l]);
            }
        }

        Assert.True(worst <= Units, $"worst relative radius error {worst * (1 << 24):F2} units of 2^-24");
    }

    [Fact]
    public void EveryAngleIsWithinFourUnitsOfTwoToTheMinus24()
    {
        // All 2^24 angle words at one radius (word 2^31: 1 - u = 1/2, r = sqrt(2 ln 2)).
        int lanes = Vector<uint>.Count;
        var angles = new uint[lanes];
        var radius = new Vector<uint>(1u << 31);
        double worst = 0;
        for (uint t = 0; t < 1u << 24; t += (uint)lanes)
        {
            for (int l = 0; l < lanes; l++)
            {
                angles[l] = (t + (uint)l) << 8;
            }

            var (cos, sin) = SingleMath.BoxMuller(radius, new Vector<uint>(angles));
            for (int l = 0; l < lanes; l++)
            {
                var exact = Exact(1u << 31, angles[l]);
                worst = Math.Max(worst, Math.Max(Math.Abs(cos[l] - exact.Cos), Math.Abs(sin[l] - exact.Sin)) / exact.Radius);
            }
        }

        Assert.True(worst <= Units, $"worst angle error {worst * (1 << 24):F2} units of 2^-24 of the radius");
    }

    [Theory]
    [InlineData(-2.0, 2.0, 5L)]
    [InlineData(2.5, 3.0, 13L)]
    public void TruncatedRedrawsFollowTheCandidateOrder(double low, double high, long start)
    {
        const int length = 203;
        var wide = SimdWidthTests.RedrawEveryElement(length, low, high, start, 7, 17, 5, single: true);

        // The value is the first candidate inside: attempt 1, 2, ... of the element, each (cos, sin) of words (0, 2), then (1, 3).
        for (int j = 0; j < length; j++)
        {
            long i = start + j;
            double expected = double.NaN;
            for (uint attempt = 1; double.IsNaN(expected); attempt++)
            {
                var (a, b, c, d) = Philox.Block((uint)i, (uint)(i >> 32), 7, attempt, 17, 5);
                var first = Exact(a, c);
                var second = Exact(b, d);
                expected = new[] { first.Cos, first.Sin, second.Cos, second.Sin }.Cast<double?>()
                    .FirstOrDefault(x => x >= low - 1e-6 && x <= high + 1e-6) ?? double.NaN;
            }

            Assert.InRange(wide[j], low, high);
            Assert.True(Math.Abs(wide[j] - expected) <= 1e-5, $"element {i}: {wide[j]} vs {expected}");
        }
    }

    [Fact]
    public void TruncationMarksWhatDoubleComparesMark()
    {
        // The float layout marks values outside the cut-offs on float lanes. Cut-offs at drawn values, and one double step
        // inside or outside them (between two floats), must keep exactly the values a double compare keeps.
        const int length = 4096;
        var attemptZero = new double[length];
        new PhiloxStream(99, 0, singlePrecision: true).TruncatedStandardNormal(attemptZero, -1e300, 1e300);
        var sorted = attemptZero.Order().ToArray();
        double lowValue = sorted[100];
        double highValue = sorted[length - 100];
        (double Low, double High)[] cutOffs =
        [
            (lowValue, highValue),
            (Math.BitIncrement(lowValue), Math.BitDecrement(highValue)),
            (Math.BitDecrement(lowValue), Math.BitIncrement(highValue)),
        ];
        foreach (var (low, high) in cutOffs)
        {
            var values = new double[length];
            new PhiloxStream(99, 0, singlePrecision: true).TruncatedStandardNormal(values, low, high);
            for (int i = 0; i < length; i++)
            {
                bool inside = attemptZero[i] >= low && attemptZero[i] <= high;
                Assert.True(inside == (values[i] == attemptZero[i]), $"element {i}: {attemptZero[i]} in [{low}, {high}] became {values[i]}");
            }
        }
    }

    [Fact]
    public void NormalsAndUniformsFollowTheirLawsByScipy()
    {
        // 200,000 values each: KS at p >= 1e-4 fails a law off by 0.005 in the CDF (about 2.3 / sqrt(n) at that p).
        var normals = new double[200_000];
        var uniforms = new double[200_000];
        new PhiloxStream(123, 0, singlePrecision: true).StandardNormal(normals);
        new PhiloxStream(123, 0, singlePrecision: true).Uniform(uniforms);
        Assert.True(Oracle.KsPValue(normals, "norm") >= 1e-4, "normals");
        Assert.True(Oracle.KsPValue(uniforms, "uniform") >= 1e-4, "uniforms");
    }

    private static uint Word(long element, uint domain)
    {
        // Word U[k] of group g: word k / 4 of block 4 g + k % 4.
        long group = element >> 4;
        int k = (int)(element & 15);
        long block = (4 * group) + (k & 3);
        var (a, b, c, d) = Philox.Block((uint)block, (uint)(block >> 32), domain, 0, 17, 5);
        return (k >> 2) switch { 0 => a, 1 => b, 2 => c, _ => d };
    }

    private static (double Cos, double Sin, double Radius) Exact(uint radiusWord, uint angleWord)
    {
        double r = Math.Sqrt(-2 * Math.Log(((1 << 24) - (radiusWord >> 8)) / (double)(1 << 24)));
        double angle = 2 * Math.PI * (angleWord >> 8) / (1 << 24);
        return (r * Math.Cos(angle), r * Math.Sin(angle), r);
    }

}
