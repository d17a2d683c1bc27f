using System.Numerics.Tensors;
using TfInit.Analysis;

namespace TfInit.Tests.Analysis;

/// <summary>
/// StatisticsBuilder against Statistics.Of of the whole array: equal bit for bit (no tolerance: the streamed
/// <c>init --format stats</c> must print the same digits), for lengths on both sides of every branch of the summation
/// order and chunks of uneven lengths.
/// </summary>
public sealed class StatisticsBuilderTests
{
    public static TheoryData<int> Lengths => new()
    {
        1, 7, StatisticsBuilder.BufferedCount, StatisticsBuilder.BufferedCount + 1, StatisticsBuilder.BufferedCount + 7,
        StatisticsBuilder.BufferedCount + 8, StatisticsBuilder.BufferedCount + 63, StatisticsBuilder.BufferedCount + 64,
        StatisticsBuilder.BufferedCount + 65, 100_003, 262_144, 1_000_001,
    };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void StreamedStatisticsEqualTheWholeArraysBitForBit(int length)
    {
        var random = new System.Random(length);
        // Magnitudes spread over 12 decades make every change of summation order change the last bits of the sum.
        double[] values = Enumerable.Range(0, length).Select(_ => (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-6, 6))).ToArray();
        var expected = TfInit.Analysis.Statistics.Of(values);

        var builder = new StatisticsBuilder(length);
        int passes = 0;
        while (!builder.IsComplete)
        {
            passes++;
            for (int at = 0; at < length;)
            {
                int n = Math.Min(length - at, 1 + random.Next(40_000));
                builder.Add(values.AsSpan(at, n));
                at += n;
            }
        }

        var actual = builder.Result();
        Assert.Equal(length <= StatisticsBuilder.BufferedCount ? 1 : 2, passes);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Mean), BitConverter.DoubleToInt64Bits(actual.Mean));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Std), BitConverter.DoubleToInt64Bits(actual.Std));
        Assert.Equal(expected.Min, actual.Min);
        Assert.Equal(expected.Max, actual.Max);
    }

    [Fact]
    public void TheDataTellsSummationOrdersApart()
    {
        // The test above can fail: on its data a plain sequential sum differs from TensorPrimitives.Sum, except where no
        // vector is accelerated and TensorPrimitives itself adds in sequence.
        var random = new System.Random(1);
        double[] values = Enumerable.Range(0, 1_000_001).Select(_ => (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-6, 6))).ToArray();
        double sequential = 0;
        foreach (double v in values)
        {
            sequential += v;
        }

        if (System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated)
        {
            Assert.NotEqual(sequential, TensorPrimitives.Sum<double>(values));
        }
        else
        {
            Assert.Equal(sequential, TensorPrimitives.Sum<double>(values));
        }
    }

    [Fact]
    public void TooManyValuesOrAnUnfinishedPassAreRefused()
    {
        var builder = new StatisticsBuilder(3);
        Assert.Throws<InvalidOperationException>(() => builder.Result());
        Assert.Throws<InvalidOperationException>(() => builder.Add(new double[4]));
        builder.Add([1, 2, 3]);
        Assert.Equal(2, builder.Result().Mean);
        Assert.Throws<InvalidOperationException>(() => builder.Add([1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StatisticsBuilder(0));
    }
}
