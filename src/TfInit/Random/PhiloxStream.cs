using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TfInit.Random;

/// <summary>
/// TfInit's default stream: Philox4x32-10 keyed by the seed, with element i of every distribution a
/// pure function of (seed, i). The stream keeps only a position, so a tensor filled in one call, in
/// slices, or from many threads gets the same values.
/// </summary>
/// <remarks>
/// Counter layout: words 0-1 hold the block index, word 2 the distribution (so uniform and normal
/// draws never share bits), word 3 the attempt number of a truncated redraw.
/// Elements come in groups of eight from the four blocks 4g .. 4g + 3 (computed together, one block per SIMD lane):
/// element 8g + l takes the first 64 bits of block 4g + l and element 8g + 4 + l the last 64 bits.
/// Uniform: <c>(bits &gt;&gt; 11) * 2^-53</c>, a 53-bit double.
/// Normal: block 4g + l gives the Box-Muller pair <c>sqrt(-2 ln(1 - u1)) * (cos, sin)(2 pi u2)</c> (u1 from its first
/// 64 bits, u2 from its last), cos for element 8g + l, sin for 8g + 4 + l. The logarithm and sine/cosine are
/// TfInit's own (<see cref="VectorMath"/>), made of IEEE additions, multiplications and divisions only, so a value does
/// not depend on the lane, the JIT tier or the instruction set that computed it.
/// Truncated normal: element i first takes its value from the normal layout on a domain of its own; if that lies
/// outside the cut-offs, it tries the pairs of blocks (index i, attempt 1, 2, ...) on a redraw domain and keeps
/// the first value inside. Every value is thus an exact draw of the truncated normal (redrawn, never clamped).
/// </remarks>
public sealed class PhiloxStream : RandomStream
{
    private const double TwoPow53Inverse = 1.0 / (1UL << 53);
    private const uint UniformDomain = 0;
    private const uint NormalDomain = 1;
    private const uint TruncatedDomain = 2;
    private const uint RedrawDomain = 3;

    private readonly uint _k0;
    private readonly uint _k1;

    /// <summary>Creates a stream for <paramref name="seed"/> positioned at element <paramref name="position"/>.</summary>
    /// <param name="seed">The key; any non-negative 64-bit integer.</param>
    /// <param name="position">The index of the next element drawn.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative seed or position.</exception>
    public PhiloxStream(long seed, long position = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        Seed = seed;
        Position = position;
        _k0 = (uint)seed;
        _k1 = (uint)((ulong)seed >> 32);
    }

    /// <summary>The seed (the Philox key).</summary>
    public long Seed { get; }

    /// <summary>The index of the next element; every fill advances it by the number of elements drawn.</summary>
    public long Position { get; private set; }

    /// <inheritdoc />
    public override void Uniform(Span<double> destination) => FillGroups<UniformKernel>(destination, UniformDomain);

    /// <inheritdoc />
    public override void StandardNormal(Span<double> destination) => FillGroups<NormalKernel>(destination, NormalDomain);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The interval [low, high] is empty or has almost no probability mass.</exception>
    public override void TruncatedStandardNormal(Span<double> destination, double low, double high)
    {
        if (!(low < high))
        {
            throw new ArgumentException($"The cut-offs must satisfy low < high; got low={low}, high={high}.", nameof(low));
        }

        // The attempt-0 values come from the normal layout; the range check happens on the registers that hold them,
        // and rejected elements are listed and then redrawn four at a time, so acceptance costs no second pass over memory.
        long start = Position;
        long end = start + destination.Length;
        var lowV = Vector256.Create(low);
        var highV = Vector256.Create(high);
        var domain = Vector256.Create((ulong)TruncatedDomain);
        Span<double> partial = stackalloc double[8];
        int[] rejected = ArrayPool<int>.Shared.Rent(Math.Max(16, destination.Length));
        int count = 0;
        long i = start;
        while (i < end)
        {
            if (Vector512.IsHardwareAccelerated && (i & 15) == 0 && end - i >= 16)
            {
                var (p0, p1) = PairCounters(i >> 4);
                var (a, b) = NormalKernel.Pair(p0, p1, Vector512.Create((ulong)TruncatedDomain), Vector512<ulong>.Zero, _k0, _k1);
                StorePair(destination, (int)(i - start), a, b);
                ulong outsideA = (Vector512.LessThan(a, Vector512.Create(low)) | Vector512.GreaterThan(a, Vector512.Create(high))).ExtractMostSignificantBits();
                ulong outsideB = (Vector512.LessThan(b, Vector512.Create(low)) | Vector512.GreaterThan(b, Vector512.Create(high))).ExtractMostSignificantBits();

                // Lanes 0-3 of a group pair are elements +0..3 (first) and +4..7 (second); lanes 4-7 are +8..15.
                ulong pairOutside = (outsideA & 0xF) | ((outsideB & 0xF) << 4) | ((outsideA >> 4) << 8) | ((outsideB >> 4) << 12);
                while (pairOutside != 0)
                {
                    rejected[count++] = (int)(i - start) + System.Numerics.BitOperations.TrailingZeroCount(pairOutside);
                    pairOutside &= pairOutside - 1;
                }

                i += 16;
                continue;
            }

            var (c0, c1) = GroupCounters(i >> 3);
            var (first, second) = NormalKernel.Group(c0, c1, domain, Vector256<ulong>.Zero, _k0, _k1);
            int lane = (int)(i & 7);
            int n = Store(destination, (int)(i - start), lane, (int)Math.Min(8 - lane, end - i), first, second, partial);
            uint outside = (Vector256.LessThan(first, lowV) | Vector256.GreaterThan(first, highV)).ExtractMostSignificantBits()
                | ((Vector256.LessThan(second, lowV) | Vector256.GreaterThan(second, highV)).ExtractMostSignificantBits() << 4);

            // Only the lanes this call wrote: a partial group's other lanes belong to neighbouring calls.
            outside &= ((1u << n) - 1) << lane;
            while (outside != 0)
            {
                int bit = System.Numerics.BitOperations.TrailingZeroCount(outside);
                outside &= outside - 1;
                rejected[count++] = (int)(i - start) + bit - lane;
            }

            i += n;
        }

        try
        {
            Redraw(destination, rejected.AsSpan(0, count), start, low, high);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rejected);
        }

        Position = end;
    }

    /// <summary>
    /// Redraws the rejected elements eight at a time, lane l following element l's own sequence of attempts, so a value
    /// does not depend on which elements share its lanes. The eight lanes are two independent four-lane evaluations:
    /// one alone is bound by the latency of its long dependency chain (Philox rounds, then log and sine polynomials),
    /// two interleave.
    /// </summary>
    private void Redraw(Span<double> destination, ReadOnlySpan<int> rejected, long start, double low, double high)
    {
        Span<double> candidates = stackalloc double[16];
        Span<ulong> index = stackalloc ulong[8];
        var mask = Vector256.Create(0xFFFF_FFFFUL);
        var domain = Vector256.Create((ulong)RedrawDomain);
        for (int r = 0; r < rejected.Length; r += 8)
        {
            int lanes = Math.Min(8, rejected.Length - r);
            for (int l = 0; l < 8; l++)
            {
                // Spare lanes repeat the batch's first element; their results are ignored.
                index[l] = (ulong)(start + rejected[r + (l < lanes ? l : 0)]);
            }

            var lowIndex = Vector256.Create<ulong>(index);
            var highIndex = Vector256.Create<ulong>(index[4..]);
            int pending = (1 << lanes) - 1;
            for (uint attempt = 1; pending != 0; attempt++)
            {
                if (attempt == MaxTruncatedAttempts)
                {
                    throw TooLittleMass(low, high);
                }

                var c3 = Vector256.Create((ulong)attempt);
                var (a0, a1) = NormalKernel.Group(lowIndex & mask, lowIndex >>> 32, domain, c3, _k0, _k1);
                var (b0, b1) = NormalKernel.Group(highIndex & mask, highIndex >>> 32, domain, c3, _k0, _k1);
                a0.CopyTo(candidates);
                b0.CopyTo(candidates[4..]);
                a1.CopyTo(candidates[8..]);
                b1.CopyTo(candidates[12..]);
                for (int l = 0; l < lanes; l++)
                {
                    if ((pending & (1 << l)) == 0)
                    {
                        continue;
                    }

                    double first = candidates[l];
                    double second = candidates[8 + l];
                    if (first >= low && first <= high)
                    {
                        destination[rejected[r + l]] = first;
                        pending &= ~(1 << l);
                    }
                    else if (second >= low && second <= high)
                    {
                        destination[rejected[r + l]] = second;
                        pending &= ~(1 << l);
                    }
                }
            }
        }
    }

    private void FillGroups<TKernel>(Span<double> destination, uint domain)
        where TKernel : struct, IGroupKernel
    {
        long start = Position;
        long end = start + destination.Length;
        Span<double> partial = stackalloc double[8];
        var domainV = Vector256.Create((ulong)domain);
        long i = start;
        while (i < end)
        {
            // Where AVX-512 is fast, two aligned groups at once: the same values, eight blocks per instruction.
            if (Vector512.IsHardwareAccelerated && (i & 15) == 0 && end - i >= 16)
            {
                var (p0, p1) = PairCounters(i >> 4);
                var (a, b) = TKernel.Pair(p0, p1, Vector512.Create((ulong)domain), Vector512<ulong>.Zero, _k0, _k1);
                StorePair(destination, (int)(i - start), a, b);
                i += 16;
                continue;
            }

            var (c0, c1) = GroupCounters(i >> 3);
            var (first, second) = TKernel.Group(c0, c1, domainV, Vector256<ulong>.Zero, _k0, _k1);
            int lane = (int)(i & 7);
            i += Store(destination, (int)(i - start), lane, (int)Math.Min(8 - lane, end - i), first, second, partial);
        }

        Position = end;
    }

    /// <summary>Counter words 0 and 1 of the four blocks 4g .. 4g + 3 of group g, one per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<ulong> C0, Vector256<ulong> C1) GroupCounters(long group)
    {
        // Block 4g is a multiple of four, so the four blocks never carry into the high counter word.
        ulong block = (ulong)group << 2;
        return (Vector256.Create(block & 0xFFFF_FFFFUL) + Vector256.Create(0UL, 1UL, 2UL, 3UL), Vector256.Create(block >> 32));
    }

    /// <summary>Counter words 0 and 1 of the eight blocks 8h .. 8h + 7 of groups 2h and 2h + 1, one per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<ulong> C0, Vector512<ulong> C1) PairCounters(long pair)
    {
        ulong block = (ulong)pair << 3;
        return (Vector512.Create(block & 0xFFFF_FFFFUL) + Vector512.Create(0UL, 1UL, 2UL, 3UL, 4UL, 5UL, 6UL, 7UL), Vector512.Create(block >> 32));
    }

    /// <summary>Writes the sixteen values of groups 2h and 2h + 1 in the group layout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair(Span<double> destination, int at, Vector512<double> first, Vector512<double> second)
    {
        var target = destination.Slice(at, 16);
        first.GetLower().CopyTo(target);
        second.GetLower().CopyTo(target[4..]);
        first.GetUpper().CopyTo(target[8..]);
        second.GetUpper().CopyTo(target[12..]);
    }

    /// <summary>Writes lanes [lane, lane + count) of a group's eight values at destination[at..]; returns count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Store(Span<double> destination, int at, int lane, int count, Vector256<double> first, Vector256<double> second, Span<double> partial)
    {
        var target = destination[at..];
        if (count == 8)
        {
            first.CopyTo(target);
            second.CopyTo(target[4..]);
        }
        else
        {
            first.CopyTo(partial);
            second.CopyTo(partial[4..]);
            partial.Slice(lane, count).CopyTo(target);
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Unit(Vector256<ulong> high, Vector256<ulong> low) =>
        Vector256.ConvertToDouble(((high << 32) | low) >>> 11) * TwoPow53Inverse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Cos, Vector256<double> Sin) BoxMuller(
        (Vector256<ulong> X0, Vector256<ulong> X1, Vector256<ulong> X2, Vector256<ulong> X3) block)
    {
        var u1 = Unit(block.X1, block.X0);
        var u2 = Unit(block.X3, block.X2);
        var r = Vector256.Sqrt(Vector256.Create(-2.0) * VectorMath.Log(Vector256<double>.One - u1));
        var (sin, cos) = VectorMath.SinCosTwoPi(u2);
        return (r * cos, r * sin);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Unit(Vector512<ulong> high, Vector512<ulong> low) =>
        Vector512.ConvertToDouble(((high << 32) | low) >>> 11) * TwoPow53Inverse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> Cos, Vector512<double> Sin) BoxMuller(
        (Vector512<ulong> X0, Vector512<ulong> X1, Vector512<ulong> X2, Vector512<ulong> X3) block)
    {
        var u1 = Unit(block.X1, block.X0);
        var u2 = Unit(block.X3, block.X2);
        var r = Vector512.Sqrt(Vector512.Create(-2.0) * VectorMath.Log(Vector512<double>.One - u1));
        var (sin, cos) = VectorMath.SinCosTwoPi(u2);
        return (r * cos, r * sin);
    }

    /// <summary>Turns the counters of four blocks into eight values (or of eight blocks into sixteen).</summary>
    private interface IGroupKernel
    {
        static abstract (Vector256<double> First, Vector256<double> Second) Group(
            Vector256<ulong> c0, Vector256<ulong> c1, Vector256<ulong> c2, Vector256<ulong> c3, uint k0, uint k1);

        static abstract (Vector512<double> First, Vector512<double> Second) Pair(
            Vector512<ulong> c0, Vector512<ulong> c1, Vector512<ulong> c2, Vector512<ulong> c3, uint k0, uint k1);
    }

    private readonly struct UniformKernel : IGroupKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (Vector256<double> First, Vector256<double> Second) Group(
            Vector256<ulong> c0, Vector256<ulong> c1, Vector256<ulong> c2, Vector256<ulong> c3, uint k0, uint k1)
        {
            var (x0, x1, x2, x3) = Philox.Block4(c0, c1, c2, c3, k0, k1);
            return (Unit(x1, x0), Unit(x3, x2));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (Vector512<double> First, Vector512<double> Second) Pair(
            Vector512<ulong> c0, Vector512<ulong> c1, Vector512<ulong> c2, Vector512<ulong> c3, uint k0, uint k1)
        {
            var (x0, x1, x2, x3) = Philox.Block8(c0, c1, c2, c3, k0, k1);
            return (Unit(x1, x0), Unit(x3, x2));
        }
    }

    private readonly struct NormalKernel : IGroupKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (Vector256<double> First, Vector256<double> Second) Group(
            Vector256<ulong> c0, Vector256<ulong> c1, Vector256<ulong> c2, Vector256<ulong> c3, uint k0, uint k1) =>
            BoxMuller(Philox.Block4(c0, c1, c2, c3, k0, k1));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (Vector512<double> First, Vector512<double> Second) Pair(
            Vector512<ulong> c0, Vector512<ulong> c1, Vector512<ulong> c2, Vector512<ulong> c3, uint k0, uint k1) =>
            BoxMuller(Philox.Block8(c0, c1, c2, c3, k0, k1));
    }
}
