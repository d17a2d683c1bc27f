using System.Globalization;
using TfInit.Analysis;
using TfInit.Tests.Support;

namespace TfInit.Tests.Analysis;

/// <summary>
/// StatisticsBuilder: values given chunk by chunk (float or double) give Statistics.Of of the whole array bit for bit
/// (no tolerance: the streamed <c>init --format stats</c> must print the digits of the in-memory one), for lengths on
/// both sides of every block boundary; and both are accurate against Python's exact rational statistics.pstdev and
/// math.fsum where a running sum or the one-pass sum-of-squares formula are not.
/// </summary>
public sealed class StatisticsBuilderTests
{
    public static TheoryData<int> Lengths => new()
    {
        1, 7, 8, 9, StatisticsBuilder.BlockLength - 1, StatisticsBuilder.BlockLength, StatisticsBuilder.BlockLength + 1,
        StatisticsBuilder.BlockLength + 7, (2 * StatisticsBuilder.BlockLength) + 63, 100_003, 262_144, 1_000_001,
    };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ChunksOfAnyLengthGiveTheWholeArraysBitsAsDoubleOrFloat(int length)
    {
        var random = new System.Random(length);
        // Magnitudes spread over 12 decades make a change of summation order or block boundaries change the last bits.
        float[] singles = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-6, 6)))).ToArray();
        double[] values = singles.Select(v => (double)v).ToArray();
        var expected = TfInit.Analysis.Statistics.Of(values);

        var doubles = new StatisticsBuilder();
        var floats = new StatisticsBuilder();
        for (int at = 0; at < length;)
        {
            int n = Math.Min(length - at, 1 + random.Next(10_000));
            doubles.Add(values.AsSpan(at, n));
            // The float chunks are cut elsewhere than the double ones, so both the block buffer and the direct path run.
            floats.Add(singles.AsSpan(at, n / 2));
            floats.Add(singles.AsSpan(at + (n / 2), n - (n / 2)));
            at += n;
        }

        foreach (var actual in new[] { doubles.Result(), floats.Result() })
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Mean), BitConverter.DoubleToInt64Bits(actual.Mean));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Std), BitConverter.DoubleToInt64Bits(actual.Std));
            Assert.Equal(expected.Min, actual.Min);
            Assert.Equal(expected.Max, actual.Max);
        }

        Assert.Equal(length, doubles.Count);
        Assert.Equal(values.Min(), expected.Min);
        Assert.Equal(values.Max(), expected.Max);
    }

    [Fact]
    public void MeanAndStdMatchPythonsExactRationalResults()
    {
        // 300,001 values 1000 + N(0, 1e-4): a large mean over a small spread, where the one-pass formula
        // sqrt(E[x^2] - E[x]^2) loses every digit and a running sum loses about six.
        var random = new System.Random(5);
        double[] values = Enumerable.Range(0, 300_001).Select(_ => 1000 + (1e-4 * Normal(random))).ToArray();
        string path = Path.Combine(Path.GetTempPath(), $"tfinit-stats-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        try
        {
            // statistics.pstdev of floats is computed in exact fractions and rounded once; math.fsum is the rounded exact sum.
            string[] exact = PythonRunner.Run(
                """
                import sys, math, statistics
                x = [float(line) for line in open(sys.argv[1])]
                print(repr(math.fsum(x) / len(x)), repr(statistics.pstdev(x)))
                """, path).Trim().Split(' ');
            double mean = double.Parse(exact[0], CultureInfo.InvariantCulture);
            double std = double.Parse(exact[1], CultureInfo.InvariantCulture);
            var actual = TfInit.Analysis.Statistics.Of(values);
            Assert.Equal(mean, actual.Mean, mean * 4e-16);       // within 2 ulp of 1000
            Assert.Equal(std, actual.Std, std * 1e-14);          // 1e-14 relative: about 50 float64 epsilons; the one-pass formula is wrong in the first digit

            // The controls: the data does tell good algorithms from bad ones.
            double running = 0, squares = 0;
            foreach (double v in values)
            {
                running += v;
                squares += v * v;
            }

            double naiveMean = running / values.Length;
            double onePass = Math.Sqrt(Math.Max(0, (squares / values.Length) - (naiveMean * naiveMean)));
            Assert.True(Math.Abs(onePass - std) > std * 1e-3, $"the one-pass formula gave {onePass}, close to the exact {std}");
            Assert.True(Math.Abs(naiveMean - mean) > Math.Abs(actual.Mean - mean), $"the running sum's mean {naiveMean} is as good as {actual.Mean}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void NonFiniteValuesGiveNumpysNonFiniteResults()
    {
        // numpy: mean of [1, inf] is inf and its std nan (inf - inf); any nan makes every statistic nan.
        var infinite = TfInit.Analysis.Statistics.Of([.. Enumerable.Repeat(1.0, 5000), double.PositiveInfinity]);
        Assert.Equal(double.PositiveInfinity, infinite.Mean);
        Assert.True(double.IsNaN(infinite.Std));
        Assert.Equal(double.PositiveInfinity, infinite.Max);
        var nan = TfInit.Analysis.Statistics.Of([.. Enumerable.Repeat(1.0, 5000), double.NaN, .. Enumerable.Repeat(2.0, 100)]);
        Assert.True(double.IsNaN(nan.Mean) && double.IsNaN(nan.Std) && double.IsNaN(nan.Min) && double.IsNaN(nan.Max), nan.ToString());
    }

    [Fact]
    public void SignedZerosOrderAsMathMinAndMaxOrderThem()
    {
        // -0 is below +0 for the min and +0 above -0 for the max, wherever they stand in the lanes and blocks.
        double[] mixed = [.. Enumerable.Repeat(0.0, 5000)];
        mixed[4099] = -0.0;
        var stats = TfInit.Analysis.Statistics.Of(mixed);
        Assert.True(double.IsNegative(stats.Min), "min of +0 and -0 is -0");
        Assert.False(double.IsNegative(stats.Max), "max of +0 and -0 is +0");
        var negative = TfInit.Analysis.Statistics.Of([.. Enumerable.Repeat(-0.0, 20)]);
        Assert.True(double.IsNegative(negative.Min) && double.IsNegative(negative.Max), "every value -0");
        var positive = TfInit.Analysis.Statistics.Of([.. Enumerable.Repeat(0.0, 20)]);
        Assert.False(double.IsNegative(positive.Min) || double.IsNegative(positive.Max), "every value +0");
    }

    [Fact]
    public void NoValuesAreRefusedAndMoreMayFollowAResult()
    {
        var builder = new StatisticsBuilder();
        Assert.Throws<InvalidOperationException>(() => builder.Result());
        Assert.Throws<ArgumentException>(() => TfInit.Analysis.Statistics.Of([]));
        builder.Add([1.0, 2, 3]);
        Assert.Equal(2, builder.Result().Mean);
        builder.Add([6f]);
        Assert.Equal(3, builder.Result().Mean);
        Assert.Equal(Math.Sqrt(3.5), builder.Result().Std, 1e-15);
    }

    private static double Normal(System.Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
