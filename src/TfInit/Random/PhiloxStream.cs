using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
/// outside the cut-offs, it tries the blocks (index i, attempt 1, 2, ...) of a redraw domain, each block's Box-Muller
/// cosine and then its sine, and keeps the first value inside. Every value is thus an exact draw of the truncated normal (redrawn, never clamped).
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
    public override void Uniform(Span<double> destination)
    {
        var none = default(NoWatcher);
        FillGroups<UniformKernel, NoWatcher>(destination, UniformDomain, ref none);
        Position += destination.Length;
    }

    /// <inheritdoc />
    public override void StandardNormal(Span<double> destination)
    {
        var none = default(NoWatcher);
        FillGroups<NormalKernel, NoWatcher>(destination, NormalDomain, ref none);
        Position += destination.Length;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The interval [low, high] is empty or has almost no probability mass.</exception>
    public override void TruncatedStandardNormal(Span<double> destination, double low, double high)
    {
        if (!(low < high))
        {
            throw new ArgumentException($"The cut-offs must satisfy low < high; got low={low}, high={high}.", nameof(low));
        }

        // The attempt-0 values come from the normal layout and are checked on the registers that hold them (see
        // RejectionMasks). Whole 64-bit words of masks, so Redraw reads eight groups at a time; the padding stays clear.
        long start = Position;
        int groups = (int)(((start + destination.Length + 7) >> 3) - (start >> 3));
        byte[] outside = ArrayPool<byte>.Shared.Rent((groups + 7) & ~7);
        try
        {
            outside.AsSpan(groups & ~7).Clear();
            var masks = new RejectionMasks(outside, start >> 3, low, high);
            FillGroups<NormalKernel, RejectionMasks>(destination, TruncatedDomain, ref masks);
            Redraw(destination, MemoryMarshal.Cast<byte, ulong>(outside.AsSpan(0, (groups + 7) & ~7)), start, low, high);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(outside);
        }

        Position = start + destination.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Outside(Vector256<double> x, double low, double high) =>
        Vector256.LessThan(x, Vector256.Create(low)) | Vector256.GreaterThan(x, Vector256.Create(high));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Outside(Vector512<double> x, double low, double high) =>
        Vector512.LessThan(x, Vector512.Create(low)) | Vector512.GreaterThan(x, Vector512.Create(high));

    /// <summary>
    /// Redraws the elements that <paramref name="outside"/> marks (bit l of word w: element 64 w + l counted from the
    /// group of <paramref name="start"/>), eight at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Redraw(Span<double> destination, ReadOnlySpan<ulong> outside, long start, double low, double high)
    {
        int count = 0;
        foreach (ulong mask in outside)
        {
            count += System.Numerics.BitOperations.PopCount(mask);
        }

        if (count == 0)
        {
            return;
        }

        int batches = (count + 7) / 8;
        ulong[] elements = ArrayPool<ulong>.Shared.Rent(8 * batches);
        try
        {
            int n = 0;
            long firstElement = (start >> 3) << 3;
            for (int w = 0; w < outside.Length; w++)
            {
                for (ulong mask = outside[w]; mask != 0; mask &= mask - 1)
                {
                    elements[n++] = (ulong)(firstElement + (64L * w) + System.Numerics.BitOperations.TrailingZeroCount(mask));
                }
            }

            // Spare lanes of the last batch repeat its last element, which then gets the same value twice.
            elements.AsSpan(count, (8 * batches) - count).Fill(elements[count - 1]);
            for (int b = 0; b < batches; b++)
            {
                RedrawBatch(destination, elements.AsSpan(8 * b, 8), start, low, high);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(elements);
        }
    }

    /// <summary>
    /// Redraws eight elements, lane l following element l's own sequence of attempts, so a value does not depend on which
    /// elements share its lanes. Attempt k of an element is the block (element, attempt k) of the redraw domain: its
    /// Box-Muller cosine if that is inside the cut-offs, else its sine if that is, else attempt k + 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RedrawBatch(Span<double> destination, ReadOnlySpan<ulong> elements, long start, double low, double high)
    {
        // The lanes are merged with masks, not branches: all eight are accepted on the first attempt about 98% of the time
        // at +-2 std, and the loop then runs once and writes all eight.
        var lanes = Vector512.Create(elements);
        var values = Vector512<double>.Zero;
        var pending = Vector512<double>.AllBitsSet;
        for (uint attempt = 1; pending != Vector512<double>.Zero; attempt++)
        {
            if (attempt == MaxTruncatedAttempts)
            {
                throw TooLittleMass(low, high);
            }

            var (first, second) = RedrawCandidates(lanes, attempt);
            var firstInside = ~Outside(first, low, high);
            var inside = firstInside | ~Outside(second, low, high);
            values = Vector512.ConditionalSelect(pending & inside, Vector512.ConditionalSelect(firstInside, first, second), values);
            pending &= ~inside;
        }

        for (int l = 0; l < 8; l++)
        {
            destination[(int)((long)elements[l] - start)] = values[l];
        }
    }

    /// <summary>The cosine and sine of the redraw-domain blocks (element, attempt) for eight elements, one per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (Vector512<double> First, Vector512<double> Second) RedrawCandidates(Vector512<ulong> elements, uint attempt)
    {
        var c0 = elements & Vector512.Create(0xFFFF_FFFFUL);
        var c1 = elements >>> 32;
        var c2 = Vector512.Create((ulong)RedrawDomain);
        var c3 = Vector512.Create((ulong)attempt);
        if (Vector512.IsHardwareAccelerated)
        {
            return NormalKernel.Pair(c0, c1, c2, c3, _k0, _k1);
        }

        // Without AVX-512 two four-lane evaluations, which also interleave: one alone is bound by the latency of its
        // long dependency chain (Philox rounds, then the log and sine polynomials).
        var (a0, a1) = NormalKernel.Group(c0.GetLower(), c1.GetLower(), c2.GetLower(), c3.GetLower(), _k0, _k1);
        var (b0, b1) = NormalKernel.Group(c0.GetUpper(), c1.GetUpper(), c2.GetUpper(), c3.GetUpper(), _k0, _k1);
        return (Vector512.Create(a0, b0), Vector512.Create(a1, b1));
    }

    /// <summary>
    /// Writes elements [Position, Position + destination.Length) of the group layout and shows each pair or group of
    /// values to <paramref name="watcher"/> while they are still in registers. Does not move <see cref="Position"/>.
    /// </summary>
    // Fills are called a few times per model: optimized code from the first call, not after tier-0 and OSR (about 10x slower).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillGroups<TKernel, TWatcher>(Span<double> destination, uint domain, ref TWatcher watcher)
        where TKernel : struct, IGroupKernel
        where TWatcher : struct, IGroupWatcher
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
                watcher.Pair(i >> 3, a, b);
                i += 16;
                continue;
            }

            var (c0, c1) = GroupCounters(i >> 3);
            var (first, second) = TKernel.Group(c0, c1, domainV, Vector256<ulong>.Zero, _k0, _k1);
            int lane = (int)(i & 7);
            int n = Store(destination, (int)(i - start), lane, (int)Math.Min(8 - lane, end - i), first, second, partial);
            watcher.Group(i >> 3, first, second, lane, n);
            i += n;
        }
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

    /// <summary>Sees the values of each pair of groups (sixteen elements) or single group (eight) as they are written.</summary>
    private interface IGroupWatcher
    {
        /// <summary>Groups <paramref name="group"/> and group + 1, in the pair layout of <see cref="StorePair"/>.</summary>
        void Pair(long group, Vector512<double> first, Vector512<double> second);

        /// <summary>Lanes [lane, lane + count) of group <paramref name="group"/>, the only ones this call wrote.</summary>
        void Group(long group, Vector256<double> first, Vector256<double> second, int lane, int count);
    }

    /// <summary>Plain fills watch nothing; the calls inline away.</summary>
    private readonly struct NoWatcher : IGroupWatcher
    {
        public void Pair(long group, Vector512<double> first, Vector512<double> second)
        {
        }

        public void Group(long group, Vector256<double> first, Vector256<double> second, int lane, int count)
        {
        }
    }

    /// <summary>
    /// Records per group of eight a mask of the lanes outside [low, high], without branching on it: about half of all
    /// sixteen-element pairs hold a rejection at +-2 std, so a branch here would mispredict at random and throw away the
    /// next pair's work in flight.
    /// </summary>
    private readonly struct RejectionMasks(byte[] outside, long firstGroup, double low, double high) : IGroupWatcher
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Pair(long group, Vector512<double> first, Vector512<double> second)
        {
            uint outsideA = (uint)Outside(first, low, high).ExtractMostSignificantBits();
            uint outsideB = (uint)Outside(second, low, high).ExtractMostSignificantBits();

            // Lanes 0-3 of a pair are group 2h (elements +0..3 in first, +4..7 in second), lanes 4-7 group 2h + 1.
            int g = (int)(group - firstGroup);
            outside[g] = (byte)((outsideA & 0xF) | ((outsideB & 0xF) << 4));
            outside[g + 1] = (byte)((outsideA >> 4) | (outsideB & 0xF0));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Group(long group, Vector256<double> first, Vector256<double> second, int lane, int count)
        {
            uint mask = Outside(first, low, high).ExtractMostSignificantBits() | (Outside(second, low, high).ExtractMostSignificantBits() << 4);

            // Only the lanes this call wrote: a partial group's other lanes belong to neighbouring calls.
            outside[(int)(group - firstGroup)] = (byte)(mask & (((1u << count) - 1) << lane));
        }
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
