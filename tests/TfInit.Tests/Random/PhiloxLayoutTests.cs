using TfInit.Random;

namespace TfInit.Tests.Random;

/// <summary>
/// The scalar Philox holds the Random123 known-answer vectors (the vector widths are checked against it lane by lane in
/// <see cref="SimdWidthTests"/>); and the stream's uniform layout is the documented one.
/// </summary>
public sealed class PhiloxLayoutTests
{
    [Fact]
    public void ScalarAndVectorBlocksGiveTheRandom123KnownAnswers()
    {
        // Random123 kat_vectors: philox4x32 10 rounds, counter 0 and key 0; counter and key all ones.
        Assert.Equal((0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u), Philox.Block(0, 0, 0, 0, 0, 0));
        Assert.Equal((0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu),
            Philox.Block(uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue));

    }

    [Fact]
    public void UniformElementsFollowTheDocumentedLayout()
    {
        const long seed = (5L << 32) | 17;
        var values = new double[40];
        new PhiloxStream(seed, 3).Uniform(values);
        for (int j = 0; j < values.Length; j++)
        {
            long i = 3 + j;
            long block = (4 * (i >> 3)) + (i & 3);
            var (a, b, c, d) = Philox.Block((uint)block, (uint)(block >> 32), 0, 0, 17, 5);
            ulong bits = (i & 4) == 0 ? ((ulong)b << 32) | a : ((ulong)d << 32) | c;
            Assert.Equal((bits >> 11) * (1.0 / (1UL << 53)), values[j]);
        }
    }

    /// <summary>
    /// A truncated element is a function of (seed, index) alone, whatever path drew it: one element per call goes through
    /// a partial group and a redraw batch of one real lane, a bulk fill through whole groups and full batches of eight.
    /// Narrow and one-sided cut-offs force most elements through several redraw attempts.
    /// </summary>
    [Theory]
    [InlineData(-2.0, 2.0, 0L)]
    [InlineData(-0.5, 0.5, 3L)]
    [InlineData(2.5, 3.0, 13L)]
    [InlineData(-1.0, 100.0, (1L << 33) + 5)]
    public void TruncatedElementsDoNotDependOnTheCallThatDrewThem(double low, double high, long start)
    {
        const long seed = 91;
        var bulk = new double[1000];
        new PhiloxStream(seed, start).TruncatedStandardNormal(bulk, low, high);
        var one = new double[1];
        for (int j = 0; j < bulk.Length; j++)
        {
            new PhiloxStream(seed, start + j).TruncatedStandardNormal(one, low, high);
            Assert.Equal(bulk[j], one[0]);
            Assert.InRange(bulk[j], low, high);
        }

        // Uneven slices: groups and pairs split across calls.
        var sliced = new double[bulk.Length];
        var stream = new PhiloxStream(seed, start);
        for (int from = 0, size = 1; from < sliced.Length; from += size, size = (size * 3 % 37) + 1)
        {
            stream.TruncatedStandardNormal(sliced.AsSpan(from, Math.Min(size, sliced.Length - from)), low, high);
        }

        Assert.Equal(bulk, sliced);
    }
}
