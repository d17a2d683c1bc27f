using System.Text.Json;
using TfInit.Random;
using Xunit;

namespace TfInit.Tests;

public sealed class NumPyRandomStateTests
{
    private static readonly Lazy<JsonDocument> Fixtures = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "numpy_fixtures.json"))));

    private static IEnumerable<JsonElement> Streams => Fixtures.Value.RootElement.GetProperty("streams").EnumerateArray();

    public static TheoryData<string> SingleStreamNames()
    {
        var data = new TheoryData<string>();
        foreach (var stream in Streams.Where(s => s.TryGetProperty("op", out _)))
        {
            data.Add(stream.GetProperty("name").GetString()!);
        }

        return data;
    }

    public static TheoryData<string> SequenceStreamNames()
    {
        var data = new TheoryData<string>();
        foreach (var stream in Streams.Where(s => s.TryGetProperty("sequence", out _)))
        {
            data.Add(stream.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Fact]
    public void FixtureCoversAllSeedsShapesAndOps()
    {
        var singles = Streams.Where(s => s.TryGetProperty("op", out _)).ToList();
        Assert.Equal(3 * 3 * 4, singles.Count);
        Assert.Equal(
            new long[] { 0, 42, 4294967295 },
            singles.Select(s => s.GetProperty("seed").GetInt64()).Distinct().Order());
        Assert.Equal(
            new[] { "normal", "rand", "randn", "uniform" },
            singles.Select(s => s.GetProperty("op").GetString()!).Distinct().Order());
        Assert.Equal(6, Streams.Count(s => s.TryGetProperty("sequence", out _)));
    }

    [Theory]
    [MemberData(nameof(SingleStreamNames))]
    public void SingleCallMatchesNumPyBitForBit(string name)
    {
        var stream = Streams.Single(s => s.GetProperty("name").GetString() == name);
        var state = new NumPyRandomState(stream.GetProperty("seed").GetInt64());

        AssertStep(state, stream, name);
    }

    [Theory]
    [MemberData(nameof(SequenceStreamNames))]
    public void CallSequenceMatchesNumPyBitForBit(string name)
    {
        var stream = Streams.Single(s => s.GetProperty("name").GetString() == name);
        var state = new NumPyRandomState(stream.GetProperty("seed").GetInt64());

        var index = 0;
        foreach (var step in stream.GetProperty("sequence").EnumerateArray())
        {
            AssertStep(state, step, $"{name}[{index++}]");
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(42L)]
    [InlineData(4294967295L)]
    public void BulkFillsEqualSingleDraws(long seed)
    {
        // Lengths mix odd and even counts so the gauss cache is crossed in every position.
        int[] lengths = [1, 2, 3, 5, 0, 8, 7, 1000, 1, 1, 1247];
        var bulk = new NumPyRandomState(seed);
        var single = new NumPyRandomState(seed);
        foreach (var length in lengths)
        {
            var values = new double[length];
            bulk.StandardNormal(values);
            foreach (var value in values)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(single.NextGaussian()), BitConverter.DoubleToInt64Bits(value));
            }

            var uniforms = new double[length % 5];
            bulk.Uniform(uniforms);
            foreach (var value in uniforms)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(single.NextDouble()), BitConverter.DoubleToInt64Bits(value));
            }
        }
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(4294967296L)]
    [InlineData(long.MaxValue)]
    public void SeedOutsideNumPyRangeThrows(long seed)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new NumPyRandomState(seed));

        Assert.Equal("seed", error.ParamName);
        Assert.Equal(seed, error.ActualValue);
        Assert.Contains(seed.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("2**32 - 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("4294967295", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(NumPyRandomState.MaxSeed)]
    public void SeedAtRangeEdgesIsAccepted(long seed)
    {
        var state = new NumPyRandomState(seed);
        var value = state.NextDouble();
        Assert.InRange(value, 0.0, 1.0);
        Assert.True(value < 1.0);
    }

    [Theory]
    [InlineData(0L, -2.0, 2.0)]
    [InlineData(42L, -2.0, 2.0)]
    [InlineData(7L, -0.5, 1.5)]
    [InlineData(4294967295L, 0.0, 3.0)]
    public void TruncatedStandardNormalStaysWithinCutOffs(long seed, double low, double high)
    {
        var values = new double[10_001];
        new NumPyRandomState(seed).TruncatedStandardNormal(values, low, high);

        Assert.All(values, v => Assert.InRange(v, low, high));

        // Sequential definition: the accepted values of the plain gauss stream, in order.
        var reference = new NumPyRandomState(seed);
        foreach (var value in values)
        {
            double g;
            do
            {
                g = reference.NextGaussian();
            }
            while (g < low || g > high);

            Assert.Equal(BitConverter.DoubleToInt64Bits(g), BitConverter.DoubleToInt64Bits(value));
        }
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(2.0, -2.0)]
    [InlineData(double.NaN, 1.0)]
    public void TruncatedStandardNormalRejectsEmptyInterval(double low, double high)
    {
        var state = new NumPyRandomState(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => state.TruncatedStandardNormal(new double[1], low, high));
    }

    [Fact]
    public void NormalRejectsNegativeScaleAndUniformRejectsInfiniteRange()
    {
        var state = new NumPyRandomState(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Normal(new double[1], 0.0, -1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Uniform(new double[1], -double.MaxValue, double.MaxValue));
    }

    private static void AssertStep(NumPyRandomState state, JsonElement step, string label)
    {
        var expected = step.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var count = step.GetProperty("shape").EnumerateArray().Aggregate(1, (product, d) => product * d.GetInt32());
        Assert.Equal(count, expected.Length);

        var parameters = step.GetProperty("params");
        var actual = new double[count];
        switch (step.GetProperty("op").GetString())
        {
            case "randn":
                state.StandardNormal(actual);
                break;
            case "rand":
                state.Uniform(actual);
                break;
            case "uniform":
                state.Uniform(actual, parameters.GetProperty("low").GetDouble(), parameters.GetProperty("high").GetDouble());
                break;
            case "normal":
                state.Normal(actual, parameters.GetProperty("loc").GetDouble(), parameters.GetProperty("scale").GetDouble());
                break;
            default:
                Assert.Fail($"{label}: unknown op");
                break;
        }

        for (var i = 0; i < count; i++)
        {
            var want = BitConverter.DoubleToInt64Bits(expected[i]);
            var got = BitConverter.DoubleToInt64Bits(actual[i]);
            if (want != got)
            {
                Assert.Fail($"{label}[{i}]: numpy {expected[i]:R} (0x{want:X16}) != C# {actual[i]:R} (0x{got:X16})");
            }
        }
    }
}
