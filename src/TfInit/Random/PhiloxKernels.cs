using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using TfInit.Random.Simd;

namespace TfInit.Random;

/// <summary>
/// <see cref="PhiloxStream"/>'s vector code, written once for every vector width <typeparamref name="W"/>
/// describes: Philox rounds on one block per lane, the 53-bit uniforms, Box-Muller, the group layout and the truncated
/// redraw. Every width gives the same bits (see <see cref="ISimdWidth{TDouble, TBits}"/>).
/// </summary>
/// <typeparam name="TDouble">The vector of doubles.</typeparam>
/// <typeparam name="TBits">The vector of 64-bit integers of the same width.</typeparam>
/// <typeparam name="W">The width's operations.</typeparam>
internal static class PhiloxKernels<TDouble, TBits, W>
    where TDouble : struct
    where TBits : struct
    where W : ISimdWidth<TDouble, TBits>
{
    /// <summary>Elements per chunk: two per lane, and at least the eight of a group of four blocks.</summary>
    private static int ChunkSize
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => W.Count < 4 ? 8 : 2 * W.Count;
    }

    /// <summary>
    /// <see cref="Philox.Block"/> on one counter per lane. Each 32-bit word sits in the low half of a 64-bit lane so
    /// that one vpmuludq gives the full 32 x 32 -> 64 product Philox needs (high half and low half).
    /// </summary>
    /// <param name="c0">Counter word 0 of each lane (low 32 bits used).</param>
    /// <param name="c1">Counter word 1 of each lane.</param>
    /// <param name="c2">Counter word 2 of each lane.</param>
    /// <param name="c3">Counter word 3 of each lane.</param>
    /// <param name="k0">Key word 0.</param>
    /// <param name="k1">Key word 1.</param>
    /// <returns>The four output words of each lane, each in the low 32 bits.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (TBits X0, TBits X1, TBits X2, TBits X3) Block(TBits c0, TBits c1, TBits c2, TBits c3, uint k0, uint k1)
    {
        for (int round = 0; round < 10; round++)
        {
            (c0, c1, c2, c3) = Round(c0, c1, c2, c3, k0, k1);
            k0 += Philox.W0;
            k1 += Philox.W1;
        }

        return (c0, c1, c2, c3);
    }

    /// <summary>
    /// <see cref="Block"/> on two independent sets of counters, their rounds interleaved: one set's chain of ten
    /// dependent multiply rounds is too long for the out-of-order window to overlap with the next chunk's on its own
    /// (the 256-bit path's bound), so the second set fills the first's latency. Same bits as two Block calls.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ((TBits X0, TBits X1, TBits X2, TBits X3) A, (TBits X0, TBits X1, TBits X2, TBits X3) B) BlockPair(
        TBits a0, TBits a1, TBits b0, TBits b1, TBits c2, TBits c3, uint k0, uint k1)
    {
        TBits a2 = c2, a3 = c3, b2 = c2, b3 = c3;
        for (int round = 0; round < 10; round++)
        {
            (a0, a1, a2, a3) = Round(a0, a1, a2, a3, k0, k1);
            (b0, b1, b2, b3) = Round(b0, b1, b2, b3, k0, k1);
            k0 += Philox.W0;
            k1 += Philox.W1;
        }

        return ((a0, a1, a2, a3), (b0, b1, b2, b3));
    }

    /// <summary>One Philox4x32 round (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", 2011) with round key (k0, k1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TBits X0, TBits X1, TBits X2, TBits X3) Round(TBits c0, TBits c1, TBits c2, TBits c3, uint k0, uint k1)
    {
        var low = W.Create(0xFFFF_FFFFUL);
        var p0 = W.MultiplyLow32(W.Create((ulong)Philox.M0), c0);
        var p1 = W.MultiplyLow32(W.Create((ulong)Philox.M1), c2);
        var n0 = W.Xor(W.Xor(W.ShiftRight(p1, 32), c1), W.Create((ulong)k0));
        var n2 = W.Xor(W.Xor(W.ShiftRight(p0, 32), c3), W.Create((ulong)k1));
        return (n0, W.And(p1, low), n2, W.And(p0, low));
    }

    /// <summary>Each block's two 53-bit uniforms in [0, 1): <c>(bits &gt;&gt; 11) * 2^-53</c> of its first and last 64 bits.</summary>
    /// <param name="c0">Counter word 0 of each lane.</param>
    /// <param name="c1">Counter word 1 of each lane.</param>
    /// <param name="c2">Counter word 2 of each lane.</param>
    /// <param name="c3">Counter word 3 of each lane.</param>
    /// <param name="k0">Key word 0.</param>
    /// <param name="k1">Key word 1.</param>
    /// <returns>The first and second value of each block.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (TDouble First, TDouble Second) Uniform(TBits c0, TBits c1, TBits c2, TBits c3, uint k0, uint k1)
    {
        var (x0, x1, x2, x3) = Block(c0, c1, c2, c3, k0, k1);
        return (W.Unit(x1, x0), W.Unit(x3, x2));
    }

    /// <summary>
    /// Each block's Box-Muller pair <c>sqrt(-2 ln(1 - u1)) * (cos, sin)(2 pi u2)</c> (Box and Muller, "A note on the
    /// generation of random normal deviates", 1958), u1 from the block's first 64 bits, u2 from its last.
    /// </summary>
    /// <param name="c0">Counter word 0 of each lane.</param>
    /// <param name="c1">Counter word 1 of each lane.</param>
    /// <param name="c2">Counter word 2 of each lane.</param>
    /// <param name="c3">Counter word 3 of each lane.</param>
    /// <param name="k0">Key word 0.</param>
    /// <param name="k1">Key word 1.</param>
    /// <returns>The cosine and the sine value of each block.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (TDouble First, TDouble Second) Normal(TBits c0, TBits c1, TBits c2, TBits c3, uint k0, uint k1) =>
        BoxMuller(Block(c0, c1, c2, c3, k0, k1));

    /// <summary>Box-Muller on one Philox output per lane (see <see cref="Normal"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TDouble First, TDouble Second) BoxMuller((TBits X0, TBits X1, TBits X2, TBits X3) x)
    {
        var u1 = W.Unit(x.X1, x.X0);
        var u2 = W.Unit(x.X3, x.X2);
        var r = W.Sqrt(W.Multiply(W.Create(-2.0), VectorMath<TDouble, TBits, W>.Log(W.Subtract(W.Create(1.0), u1))));
        var (sin, cos) = VectorMath<TDouble, TBits, W>.SinCosTwoPi(u2);
        return (W.Multiply(r, cos), W.Multiply(r, sin));
    }

    /// <summary>
    /// Writes elements [start, start + destination.Length) of the group layout (uniform or normal) and shows each chunk of
    /// values to <paramref name="watcher"/>.
    /// </summary>
    /// <remarks>
    /// Chunk c holds the blocks b c .. b c + b - 1 (b = the lane count, at least the four blocks of a group), that is its
    /// 2 b elements; two-lane vectors take two evaluations per chunk. Chunks cut by the ends of the range go through a
    /// small buffer.
    /// </remarks>
    /// <typeparam name="TWatcher">What sees the values.</typeparam>
    /// <param name="destination">Where the elements go.</param>
    /// <param name="start">The first element's index.</param>
    /// <param name="domain">Counter word 2.</param>
    /// <param name="normal">Box-Muller normals; else uniforms.</param>
    /// <param name="k0">Key word 0.</param>
    /// <param name="k1">Key word 1.</param>
    /// <param name="watcher">Sees each chunk.</param>
    // Fills are called a few times per model: optimized code from the first call, not after tier-0 and OSR (about 10x slower).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill<TWatcher>(Span<double> destination, long start, uint domain, bool normal, uint k0, uint k1, ref TWatcher watcher)
        where TWatcher : struct, IChunkWatcher
    {
        // Two loops rather than one with a branch per chunk: each keeps its kernel's constants in registers.
        if (normal)
        {
            FillWith<NormalDraw, TWatcher>(destination, start, domain, k0, k1, ref watcher);
        }
        else
        {
            FillWith<UniformDraw, TWatcher>(destination, start, domain, k0, k1, ref watcher);
        }
    }

    /// <summary>
    /// Redraws the elements that <paramref name="outside"/> marks (bit b of word w: element firstElement + 64 w + b),
    /// one vector of lanes at a time, each lane following its element's own sequence of attempts (so a value does not
    /// depend on which elements share its lanes). Attempt k of an element is the block (element, attempt k) of
    /// <paramref name="domain"/>: its Box-Muller cosine if that is inside the cut-offs, else its sine if that is, else
    /// attempt k + 1.
    /// </summary>
    /// <param name="destination">Elements [start, start + destination.Length).</param>
    /// <param name="outside">The marks.</param>
    /// <param name="firstElement">The element of bit 0 of word 0.</param>
    /// <param name="start">The element at destination[0].</param>
    /// <param name="domain">Counter word 2 of the redraws.</param>
    /// <param name="low">Lower cut-off.</param>
    /// <param name="high">Upper cut-off.</param>
    /// <param name="k0">Key word 0.</param>
    /// <param name="k1">Key word 1.</param>
    /// <param name="maxAttempts">Attempts after which <paramref name="tooLittleMass"/> is thrown.</param>
    /// <param name="tooLittleMass">The error for cut-offs that are almost never reached.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Redraw(
        Span<double> destination, ReadOnlySpan<ulong> outside, long firstElement, long start, uint domain, double low, double high,
        uint k0, uint k1, int maxAttempts, Func<Exception> tooLittleMass)
    {
        int count = 0;
        foreach (ulong mask in outside)
        {
            count += BitOperations.PopCount(mask);
        }

        if (count == 0)
        {
            return;
        }

        int width = W.Count;
        int batches = (count + width - 1) / width;
        ulong[] elements = ArrayPool<ulong>.Shared.Rent(width * batches);
        try
        {
            int n = 0;
            for (int w = 0; w < outside.Length; w++)
            {
                for (ulong mask = outside[w]; mask != 0; mask &= mask - 1)
                {
                    elements[n++] = (ulong)(firstElement + (64L * w) + BitOperations.TrailingZeroCount(mask));
                }
            }

            // Spare lanes of the last batch repeat its last element, which then gets the same value twice.
            elements.AsSpan(count, (width * batches) - count).Fill(elements[count - 1]);
            Span<double> values = stackalloc double[width];
            var lowLanes = W.Create(low);
            var highLanes = W.Create(high);
            for (int b = 0; b < batches; b++)
            {
                var batch = elements.AsSpan(width * b, width);
                var lanes = W.Load(batch);
                var c0 = W.And(lanes, W.Create(0xFFFF_FFFFUL));
                var c1 = W.ShiftRight(lanes, 32);
                var c2 = W.Create((ulong)domain);

                // The lanes are merged with masks, not branches: all lanes are accepted on the first attempt about 99% of
                // the time at +-2 std, and the loop then runs once.
                var accepted = W.Create(0.0);
                var pending = W.Create(ulong.MaxValue);
                for (uint attempt = 1; !W.IsZero(pending); attempt++)
                {
                    if (attempt == maxAttempts)
                    {
                        throw tooLittleMass();
                    }

                    var (first, second) = Normal(c0, c1, c2, W.Create((ulong)attempt), k0, k1);
                    var firstInside = W.Not(Outside(first, lowLanes, highLanes));
                    var inside = W.Or(firstInside, W.Not(Outside(second, lowLanes, highLanes)));
                    accepted = W.Select(W.And(W.AsDouble(pending), inside), W.Select(firstInside, first, second), accepted);
                    pending = W.And(pending, W.AsBits(W.Not(inside)));
                }

                W.Store(accepted, values);
                for (int l = 0; l < width; l++)
                {
                    destination[(int)((long)batch[l] - start)] = values[l];
                }
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(elements);
        }
    }

    /// <summary>Bit l is set when lane l of <c>chunk[at..]</c> lies outside [low, high].</summary>
    /// <param name="chunk">The values.</param>
    /// <param name="low">Lower cut-off in every lane.</param>
    /// <param name="high">Upper cut-off in every lane.</param>
    /// <returns>The mask of one vector.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint OutsideBits(ReadOnlySpan<double> chunk, TDouble low, TDouble high) =>
        W.MostSignificantBits(Outside(W.Load(chunk), low, high));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TDouble Outside(TDouble x, TDouble low, TDouble high) => W.Or(W.LessThan(x, low), W.GreaterThan(x, high));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FillWith<TDraw, TWatcher>(Span<double> destination, long start, uint domain, uint k0, uint k1, ref TWatcher watcher)
        where TDraw : struct, IDraw
        where TWatcher : struct, IChunkWatcher
    {
        int span = ChunkSize;
        long end = start + destination.Length;
        Span<double> partial = stackalloc double[span];
        long i = start;

        // The loop over whole chunks writes straight into the destination; a chunk cut by either end of the range goes
        // through the buffer.
        while (i < end)
        {
            int offset = (int)(i & (span - 1));
            if (offset == 0 && end - i >= 2 * span)
            {
                var target = destination.Slice((int)(i - start), 2 * span);
                EvaluateChunkPair<TDraw>(i, target, domain, k0, k1);
                watcher.See(i, target[..span], 0, span);
                watcher.See(i + span, target[span..], 0, span);
                i += 2 * span;
                continue;
            }

            if (offset == 0 && end - i >= span)
            {
                var target = destination.Slice((int)(i - start), span);
                EvaluateChunk<TDraw>(i, target, domain, k0, k1);
                watcher.See(i, target, 0, span);
                i += span;
                continue;
            }

            int count = (int)Math.Min(span - offset, end - i);
            EvaluateChunk<TDraw>(i - offset, partial, domain, k0, k1);
            partial.Slice(offset, count).CopyTo(destination[(int)(i - start)..]);
            watcher.See(i - offset, partial, offset, count);
            i += count;
        }
    }

    /// <summary>The elements of a chunk: two per block, blocks first / 2 .. first / 2 + ChunkSize / 2 - 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EvaluateChunk<TDraw>(long firstElement, Span<double> values, uint domain, uint k0, uint k1)
        where TDraw : struct, IDraw
    {
        // The chunk's blocks never carry into the high counter word: the lane count divides 2^32.
        ulong block = (ulong)firstElement >> 1;
        var domainLanes = W.Create((ulong)domain);
        var zero = W.Create(0UL);
        int blocks = ChunkSize / 2;
        for (int e = 0; e < blocks; e += W.Count)
        {
            ulong first = block + (ulong)e;
            var c0 = W.AddBits(W.Create(first & 0xFFFF_FFFFUL), W.Indices);
            var c1 = W.Create(first >> 32);
            var (a, b) = TDraw.Normal ? Normal(c0, c1, domainLanes, zero, k0, k1) : Uniform(c0, c1, domainLanes, zero, k0, k1);
            W.StoreGroups(a, b, values, e);
        }
    }

    /// <summary>
    /// Two consecutive chunks (2 ChunkSize elements from <paramref name="firstElement"/>), evaluated as two
    /// independent chains side by side (see <see cref="BlockPair"/>): the same values as two EvaluateChunk calls.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EvaluateChunkPair<TDraw>(long firstElement, Span<double> values, uint domain, uint k0, uint k1)
        where TDraw : struct, IDraw
    {
        ulong block = (ulong)firstElement >> 1;
        var domainLanes = W.Create((ulong)domain);
        var zero = W.Create(0UL);
        int blocks = ChunkSize / 2;
        var second = values[ChunkSize..];
        for (int e = 0; e < blocks; e += W.Count)
        {
            ulong firstA = block + (ulong)e;
            ulong firstB = firstA + (ulong)blocks;
            var (a, b) = BlockPair(
                W.AddBits(W.Create(firstA & 0xFFFF_FFFFUL), W.Indices), W.Create(firstA >> 32),
                W.AddBits(W.Create(firstB & 0xFFFF_FFFFUL), W.Indices), W.Create(firstB >> 32),
                domainLanes, zero, k0, k1);
            if (TDraw.Normal)
            {
                var (a1, a2) = BoxMuller(a);
                var (b1, b2) = BoxMuller(b);
                W.StoreGroups(a1, a2, values, e);
                W.StoreGroups(b1, b2, second, e);
            }
            else
            {
                W.StoreGroups(W.Unit(a.X1, a.X0), W.Unit(a.X3, a.X2), values, e);
                W.StoreGroups(W.Unit(b.X1, b.X0), W.Unit(b.X3, b.X2), second, e);
            }
        }
    }

    /// <summary>Which distribution a fill draws, fixed per instantiation so the JIT drops the other.</summary>
    private interface IDraw
    {
        static abstract bool Normal { get; }
    }

    private readonly struct NormalDraw : IDraw
    {
        public static bool Normal => true;
    }

    private readonly struct UniformDraw : IDraw
    {
        public static bool Normal => false;
    }
}
