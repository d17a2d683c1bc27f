using System.Numerics;
using System.Runtime.Intrinsics;
using TfInit.Random;
using TfInit.Random.Simd;

namespace TfInit.Tests.Random;

/// <summary>
/// The Philox kernels are written once for every vector width; these run the JIT's preferred width (128 or 256 bits)
/// and the 512-bit one side by side, lane by lane, on any CPU: where AVX-512 is missing, Vector512 is emulated in
/// software but still computes every lane. A width that rounded, fused or ordered anything differently would fail here.
/// </summary>
public sealed class SimdWidthTests
{
    private const uint K0 = 0xDEADBEEF;
    private const uint K1 = 42;

    [Fact]
    public void EveryWidthsPhiloxRoundsAreTheScalarBlockLaneByLane()
    {
        var random = new System.Random(11);
        var counters = new ulong[4][];
        var wideKeys = new Vector512<ulong>[PhiloxKernels<Vector512<double>, Vector512<ulong>, Width512>.KeyCount];
        PhiloxKernels<Vector512<double>, Vector512<ulong>, Width512>.RoundKeys(K0, K1, wideKeys);
        var narrowKeys = new Vector<ulong>[PhiloxKernels<Vector<double>, Vector<ulong>, PreferredWidth>.KeyCount];
        PhiloxKernels<Vector<double>, Vector<ulong>, PreferredWidth>.RoundKeys(K0, K1, narrowKeys);
        for (int trial = 0; trial < 200; trial++)
        {
            for (int w = 0; w < 4; w++)
            {
                counters[w] = new ulong[8];
                for (int l = 0; l < 8; l++)
                {
                    counters[w][l] = trial == 0 ? (l % 2 == 0 ? 0 : uint.MaxValue) : (uint)random.NextInt64(1L << 32);
                }
            }

            var wide = PhiloxKernels<Vector512<double>, Vector512<ulong>, Width512>.Block(
                Vector512.Create(counters[0]), Vector512.Create(counters[1]), Vector512.Create(counters[2]), Vector512.Create(counters[3]), wideKeys);
            for (int l = 0; l < 8; l++)
            {
                var expected = Philox.Block((uint)counters[0][l], (uint)counters[1][l], (uint)counters[2][l], (uint)counters[3][l], K0, K1);
                Assert.Equal(expected, ((uint)wide.X0[l], (uint)wide.X1[l], (uint)wide.X2[l], (uint)wide.X3[l]));
            }

            for (int from = 0; from < 8; from += Vector<ulong>.Count)
            {
                var narrow = PhiloxKernels<Vector<double>, Vector<ulong>, PreferredWidth>.Block(
                    new Vector<ulong>(counters[0], from), new Vector<ulong>(counters[1], from), new Vector<ulong>(counters[2], from),
                    new Vector<ulong>(counters[3], from), narrowKeys);
                for (int l = 0; l < Vector<ulong>.Count; l++)
                {
                    Assert.Equal(wide.X0[from + l], narrow.X0[l]);
                    Assert.Equal(wide.X1[from + l], narrow.X1[l]);
                    Assert.Equal(wide.X2[from + l], narrow.X2[l]);
                    Assert.Equal(wide.X3[from + l], narrow.X3[l]);
                }
            }
        }
    }

    [Fact]
    public void LogAndSinCosGiveTheSameBitsOnEveryWidth()
    {
        var random = new System.Random(12);
        var inputs = new double[8];
        for (int trial = 0; trial < 5_000; trial++)
        {
            for (int l = 0; l < 8; l++)
            {
                // Multiples of 2^-53 in [0, 1), the Box-Muller arguments, with the quadrant boundaries and extremes first.
                inputs[l] = trial == 0 ? l / 8.0 : random.NextInt64(1L << 53) / (double)(1UL << 53);
            }

            var wideLog = VectorMath<Vector512<double>, Vector512<ulong>, Width512>.Log(Vector512.Create(1.0) - Vector512.Create(inputs));
            var (wideSin, wideCos) = VectorMath<Vector512<double>, Vector512<ulong>, Width512>.SinCosTwoPi(Vector512.Create(inputs));
            for (int from = 0; from < 8; from += Vector<double>.Count)
            {
                var u = new Vector<double>(inputs, from);
                var log = VectorMath<Vector<double>, Vector<ulong>, PreferredWidth>.Log(Vector<double>.One - u);
                var (sin, cos) = VectorMath<Vector<double>, Vector<ulong>, PreferredWidth>.SinCosTwoPi(u);
                for (int l = 0; l < Vector<double>.Count; l++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(wideLog[from + l]), BitConverter.DoubleToInt64Bits(log[l]));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(wideSin[from + l]), BitConverter.DoubleToInt64Bits(sin[l]));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(wideCos[from + l]), BitConverter.DoubleToInt64Bits(cos[l]));
                }
            }
        }
    }

    /// <summary>
    /// Whole fills (uniform, normal, and the truncated path's attempt-0 values with their rejection marks) on both widths,
    /// in both layouts, from starts and lengths that cut chunks at both ends, and across the 2^32 block boundary of the
    /// high counter word.
    /// </summary>
    [Theory]
    [InlineData(0L, 1000, false)]
    [InlineData(3L, 37, false)]
    [InlineData(13L, 5, false)]
    [InlineData((1L << 33) - 21, 100, false)]
    [InlineData(0L, 1000, true)]
    [InlineData(3L, 37, true)]
    [InlineData(13L, 5, true)]
    [InlineData((1L << 34) - 21, 100, true)]
    public void FillsGiveTheSameBitsOnEveryWidth(long start, int length, bool single)
    {
        foreach (bool normal in new[] { false, true })
        {
            var wide = new double[length];
            var narrow = new double[length];
            var none = default(NoMarks);
            PhiloxKernels<Vector512<double>, Vector512<ulong>, Width512>.Fill(wide, start, 1, normal, K0, K1, ref none, single);
            PhiloxKernels<Vector<double>, Vector<ulong>, PreferredWidth>.Fill(narrow, start, 1, normal, K0, K1, ref none, single);
            Assert.Equal(wide.Select(BitConverter.DoubleToInt64Bits), narrow.Select(BitConverter.DoubleToInt64Bits));

            // The stream (on whichever width this CPU runs) agrees with both.
            var stream = new double[length];
            if (normal)
            {
                new PhiloxStream(((long)K1 << 32) | K0, start, single).StandardNormal(stream);
                var expected = new double[length];
                PhiloxKernels<Vector512<double>, Vector512<ulong>, Width512>.Fill(expected, start, single ? 5u : 1u, normal, K0, K1, ref none, single);
                Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), stream.Select(BitConverter.DoubleToInt64Bits));
            }
        }
    }

    [Theory]
    [InlineData(-2.0, 2.0, 5L, false)]
    [InlineData(2.5, 3.0, 13L, false)]
    [InlineData(-2.0, 2.0, 5L, true)]
    [InlineData(2.5, 3.0, 13L, true)]
    public void TruncatedRedrawsGiveTheSameBitsOnEveryWidth(double low, double high, long start, bool single)
    {
        var values = RedrawEveryElement(203, low, high, start, 3, K0, K1, single);
        Assert.All(values, x => Assert.InRange(x, low, high));
    }

    /// <summary>
    /// Redraws elements [start, start + length) of <paramref name="domain"/>, every one marked, on both widths (so every
    /// element goes through the redraw batches of each), asserts they agree bit for bit and returns the values.
    /// </summary>
    internal static double[] RedrawEveryElement(int length, double low, double high, long start, uint domain, uint k0, uint k1, bool single)
    {
        long firstElement = start & ~63L;
        var marks = new ulong[(start + length - firstElement + 63) >> 6];
        for (long i = start; i < start + length; i++)
        {
            marks[(i - firstElement) >> 6] |= 1UL << (int)((i - firstElement) & 63);
        }

        var wide = new double[length];
        var narrow = new double[length];
        Func<double, double, Exception> error = (_, _) => new InvalidOperationException("too little mass");
        PhiloxKernels<Vector512<double>, Vector512<ulong>, Width512>.Redraw(wide, marks, firstElement, start, domain, low, high, k0, k1, 1 << 20, error, single);
        PhiloxKernels<Vector<double>, Vector<ulong>, PreferredWidth>.Redraw(narrow, marks, firstElement, start, domain, low, high, k0, k1, 1 << 20, error, single);
        Assert.Equal(wide.Select(BitConverter.DoubleToInt64Bits), narrow.Select(BitConverter.DoubleToInt64Bits));
        return wide;
    }

    private struct NoMarks : IChunkWatcher
    {
        public readonly void See(long element, ReadOnlySpan<double> chunk, int offset, int count)
        {
        }

        public readonly uint Marks(Vector<float> values) => 0;

        public readonly void See(long element, ulong marks, int offset, int count)
        {
        }
    }
}
