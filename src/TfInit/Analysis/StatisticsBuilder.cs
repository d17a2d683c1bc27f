using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TfInit.Analysis;

/// <summary>
/// <see cref="Statistics.Of"/> of values given chunk by chunk, in one pass and without holding them: the mean, the
/// population standard deviation, min and max of a tensor of any size (<c>tfinit init --format stats</c> of billions of
/// values). <see cref="Statistics.Of"/> is this builder given the whole span, so both give the same bits.
/// </summary>
/// <remarks>
/// The values are cut into blocks of <see cref="BlockLength"/> by their index (not by how the chunks cut them), and each
/// block is summarized while it is in the L1 cache: its sum, then the sum of squared deviations from its own mean (the
/// two-pass formula, which has no cancellation), both with eight accumulators (lane j takes the elements j, j + 8, ...)
/// whose sums are added in a fixed order, so the bits are the same with every vector width and thread count. Blocks are
/// merged in index order by Chan, Golub and LeVeque's update (1979: M2 = M2a + M2b + d^2 na nb / (na + nb), d the
/// difference of the means), with Neumaier's compensation on the sums, so the mean is nearly the correctly rounded one
/// and the error of the standard deviation does not grow with the count as a running sum's does. The block means whose
/// differences d are taken are those of the values minus the first value (a shift that leaves the deviations as they
/// are): two means of 1000 + N(0, 1e-4) values are each 1000 to within an ulp of 1000, which is 1e-7 of d, but their
/// shifted difference is exact to double precision. Every operation is a correctly rounded IEEE one, never fused.
/// </remarks>
public sealed class StatisticsBuilder
{
    /// <summary>Values per block: 32 KB of doubles, within the L1 cache for its second pass.</summary>
    public const int BlockLength = 4096;

    /// <summary>The accumulators per block sum (lane j adds the elements j, j + 8, j + 16, ... of the block).</summary>
    private const int Lanes = 8;

    private readonly double[] _pending = new double[BlockLength];
    private int _pendingCount;
    private Totals _totals = new() { Min = double.PositiveInfinity, Max = double.NegativeInfinity };

    /// <summary>How many values have been given.</summary>
    public long Count => _totals.Count + _pendingCount;

    /// <summary>Gives the next values, in index order; the values may be cut into chunks of any lengths.</summary>
    /// <param name="values">The next values.</param>
    public void Add(ReadOnlySpan<double> values) => AddValues(values);

    /// <summary>Gives the next values, widened to double (exactly): the same statistics as their doubles give.</summary>
    /// <param name="values">The next values.</param>
    public void Add(ReadOnlySpan<float> values) => AddValues(values);

    /// <summary>The statistics of every value given so far (more may follow).</summary>
    /// <returns>What <see cref="Statistics.Of"/> returns for all the values.</returns>
    /// <exception cref="InvalidOperationException">No values were given.</exception>
    public Statistics Result()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("The statistics need at least one value; none was given.");
        }

        // The partial last block is merged into a copy of the totals, so that more values may still be added afterwards.
        var totals = _totals;
        if (_pendingCount > 0)
        {
            ReadOnlySpan<double> rest = _pending.AsSpan(0, _pendingCount);
            totals.Merge(rest);
        }

        return new Statistics(
            Total(totals.Sum, totals.SumCompensation) / totals.Count,
            Math.Sqrt(Total(totals.Squares, totals.SquaresCompensation) / totals.Count),
            totals.Min,
            totals.Max);
    }

    /// <summary>Whole blocks straight from <paramref name="values"/>, the rest through the block buffer.</summary>
    /// <typeparam name="T">double, or float (widened exactly).</typeparam>
    private void AddValues<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (Count == 0 && !values.IsEmpty)
        {
            // The first value, if finite, is the origin of the block means whose differences are taken.
            double first = typeof(T) == typeof(double) ? MemoryMarshal.Cast<T, double>(values)[0] : MemoryMarshal.Cast<T, float>(values)[0];
            _totals.Shift = double.IsFinite(first) ? first : 0;
        }

        if (_pendingCount > 0)
        {
            // Complete the block a previous chunk began (the chunks of tfinit's fills are whole blocks, so this is rare).
            int n = Math.Min(values.Length, BlockLength - _pendingCount);
            Copy(values[..n], _pending.AsSpan(_pendingCount, n));
            _pendingCount += n;
            values = values[n..];
            if (_pendingCount == BlockLength)
            {
                _pendingCount = 0;
                _totals.Merge(_pending);
            }
        }

        while (values.Length >= BlockLength)
        {
            // A double block is read where it is; a float block is widened into the (then empty) block buffer first.
            if (typeof(T) == typeof(double))
            {
                _totals.Merge(MemoryMarshal.Cast<T, double>(values[..BlockLength]));
            }
            else
            {
                Copy(values[..BlockLength], _pending);
                _totals.Merge(_pending);
            }

            values = values[BlockLength..];
        }

        Copy(values, _pending.AsSpan(_pendingCount, values.Length));
        _pendingCount += values.Length;
    }

    private static void Copy<T>(ReadOnlySpan<T> source, Span<double> destination)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            MemoryMarshal.Cast<T, double>(source).CopyTo(destination);
        }
        else
        {
            Widen(MemoryMarshal.Cast<T, float>(source), destination);
        }
    }

    /// <summary>destination[i] = source[i] (float to double is exact), four at a time.</summary>
    private static void Widen(ReadOnlySpan<float> source, Span<double> destination)
    {
        destination = destination[..source.Length];
        ref float from = ref MemoryMarshal.GetReference(source);
        ref double to = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i + 4 <= source.Length; i += 4)
        {
            var v = Vector128.LoadUnsafe(ref from, (nuint)i);
            Vector128.WidenLower(v).StoreUnsafe(ref to, (nuint)i);
            Vector128.WidenUpper(v).StoreUnsafe(ref to, (nuint)(i + 2));
        }

        for (; i < source.Length; i++)
        {
            destination[i] = source[i];
        }
    }

    /// <summary>sum += value, the rounding error kept in <paramref name="compensation"/> (Neumaier 1974) while the sum is finite.</summary>
    private static void Neumaier(ref double sum, ref double compensation, double value)
    {
        double t = sum + value;
        if (double.IsFinite(t))
        {
            compensation += Math.Abs(sum) >= Math.Abs(value) ? (sum - t) + value : (value - t) + sum;
        }

        sum = t;
    }

    /// <summary>The compensated total; an infinite or NaN sum is itself (its compensation means nothing).</summary>
    private static double Total(double sum, double compensation) => double.IsFinite(sum) ? sum + compensation : sum;

    /// <summary>
    /// Pass 1 over a block: the sums of x and of x - shift, and the min and max. Lane j of the eight adds the elements
    /// j, j + 8, ... in order, the lanes are added as in <see cref="Reduce"/>, then the last (length mod 8) elements in
    /// order. Four 2-lane vectors are accelerated on every 64-bit CPU .NET runs on (SSE2, AVX, AVX-512, NEON), and are
    /// precompiled by ReadyToRun for all of them (a wider vector's code is compiled at startup on the CPUs that have it).
    /// </summary>
    private static double Sums(ReadOnlySpan<double> block, double shift, out double shiftedSum, out double min, out double max)
    {
        Vector128<double> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector128<double> b0 = default, b1 = default, b2 = default, b3 = default;
        var low = Vector128.Create(double.PositiveInfinity);
        var high = Vector128.Create(double.NegativeInfinity);
        var k = Vector128.Create(shift);
        ref double x = ref MemoryMarshal.GetReference(block);
        int whole = block.Length - (block.Length % Lanes);
        for (int i = 0; i < whole; i += Lanes)
        {
            var v0 = Vector128.LoadUnsafe(ref x, (nuint)i);
            var v1 = Vector128.LoadUnsafe(ref x, (nuint)(i + 2));
            var v2 = Vector128.LoadUnsafe(ref x, (nuint)(i + 4));
            var v3 = Vector128.LoadUnsafe(ref x, (nuint)(i + 6));
            a0 += v0;
            a1 += v1;
            a2 += v2;
            a3 += v3;
            b0 += v0 - k;
            b1 += v1 - k;
            b2 += v2 - k;
            b3 += v3 - k;
            low = Lower(Lower(Lower(v0, v1), Lower(v2, v3)), low);
            high = Upper(Upper(Upper(v0, v1), Upper(v2, v3)), high);
        }

        double sum = Reduce(a0, a1, a2, a3);
        shiftedSum = Reduce(b0, b1, b2, b3);
        min = Math.Min(low.GetElement(0), low.GetElement(1));
        max = Math.Max(high.GetElement(0), high.GetElement(1));
        for (int i = whole; i < block.Length; i++)
        {
            sum += block[i];
            shiftedSum += block[i] - shift;
            min = Math.Min(min, block[i]);
            max = Math.Max(max, block[i]);
        }

        if (double.IsNaN(sum) || min == 0 || max == 0)
        {
            // The comparisons skip NaN and keep whichever zero came first; Math.Min's answers are NaN if any value is
            // (every NaN makes the sum NaN), -0 over +0 for the min and +0 over -0 for the max. Rare: a scan decides.
            foreach (double v in block)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        return sum;
    }

    /// <summary>Per lane, a where a &lt; b, else b (so b when they are equal or either is NaN).</summary>
    private static Vector128<double> Lower(Vector128<double> a, Vector128<double> b) => Vector128.ConditionalSelect(Vector128.LessThan(a, b), a, b);

    /// <summary>Per lane, a where a &gt; b, else b (so b when they are equal or either is NaN).</summary>
    private static Vector128<double> Upper(Vector128<double> a, Vector128<double> b) => Vector128.ConditionalSelect(Vector128.GreaterThan(a, b), a, b);

    /// <summary>Pass 2 over a block: the sum of ((x - shift) - shiftedMean)^2, in the lane order of <see cref="Sums"/>.</summary>
    private static double Squares(ReadOnlySpan<double> block, double shift, double shiftedMean)
    {
        Vector128<double> a0 = default, a1 = default, a2 = default, a3 = default;
        var k = Vector128.Create(shift);
        var m = Vector128.Create(shiftedMean);
        ref double x = ref MemoryMarshal.GetReference(block);
        int whole = block.Length - (block.Length % Lanes);
        for (int i = 0; i < whole; i += Lanes)
        {
            var d0 = (Vector128.LoadUnsafe(ref x, (nuint)i) - k) - m;
            var d1 = (Vector128.LoadUnsafe(ref x, (nuint)(i + 2)) - k) - m;
            var d2 = (Vector128.LoadUnsafe(ref x, (nuint)(i + 4)) - k) - m;
            var d3 = (Vector128.LoadUnsafe(ref x, (nuint)(i + 6)) - k) - m;
            a0 += d0 * d0;
            a1 += d1 * d1;
            a2 += d2 * d2;
            a3 += d3 * d3;
        }

        double squares = Reduce(a0, a1, a2, a3);
        for (int i = whole; i < block.Length; i++)
        {
            double d = (block[i] - shift) - shiftedMean;
            squares += d * d;
        }

        return squares;
    }

    /// <summary>The eight lanes (a0 holds lanes 0 and 1, a1 2 and 3, ...) added as ((0 + 2) + (4 + 6)) + ((1 + 3) + (5 + 7)).</summary>
    private static double Reduce(Vector128<double> a0, Vector128<double> a1, Vector128<double> a2, Vector128<double> a3)
    {
        var lanes = (a0 + a1) + (a2 + a3);
        return lanes.GetElement(0) + lanes.GetElement(1);
    }

    /// <summary>The running totals of the whole blocks so far.</summary>
    private struct Totals
    {
        public long Count;
        public double Shift;
        public double Sum;
        public double SumCompensation;
        public double Shifted;
        public double ShiftedCompensation;
        public double Squares;
        public double SquaresCompensation;
        public double Min;
        public double Max;

        /// <summary>Chan et al.'s merge of the next block (its sums, and its squared deviations from its own mean) into the totals, and its min and max.</summary>
        public void Merge(ReadOnlySpan<double> block)
        {
            int n = block.Length;
            double sum = Sums(block, Shift, out double shifted, out double min, out double max);
            Min = Math.Min(Min, min);
            Max = Math.Max(Max, max);
            double blockMean = shifted / n;
            double squares = Squares(block, Shift, blockMean);
            if (Count > 0)
            {
                double delta = blockMean - (Total(Shifted, ShiftedCompensation) / Count);
                squares += delta * delta * ((double)Count * n / (Count + n));
            }

            Neumaier(ref Sum, ref SumCompensation, sum);
            Neumaier(ref Shifted, ref ShiftedCompensation, shifted);
            Neumaier(ref Squares, ref SquaresCompensation, squares);
            Count += n;
        }
    }
}
