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
    /// <summary>Philox blocks per chunk: one per lane, and at least the four of a group.</summary>
    private static int Blocks
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => W.Count < 4 ? 4 : W.Count;
    }

    /// <summary>Elements per chunk: two per block in the double layout, four in the float layout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ChunkSize<TDraw>()
        where TDraw : struct, IDraw => (TDraw.Single ? 4 : 2) * Blocks;

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

        return Low(c0, c1, c2, c3);
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

        return (Low(a0, a1, a2, a3), Low(b0, b1, b2, b3));
    }

    /// <summary>
    /// One Philox4x32 round (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", 2011) with round key (k0, k1),
    /// on the low 32 bits of each lane. The high halves are left holding whatever the products put there: vpmuludq reads
    /// only the low halves and no step moves a high half down, so the low halves are exact and <see cref="Low"/> clears
    /// the rest once per block instead of twice per round.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TBits X0, TBits X1, TBits X2, TBits X3) Round(TBits c0, TBits c1, TBits c2, TBits c3, uint k0, uint k1)
    {
        var p0 = W.MultiplyLow32(W.Create((ulong)Philox.M0), c0);
        var p1 = W.MultiplyLow32(W.Create((ulong)Philox.M1), c2);
        var n0 = W.Xor(W.Xor(W.ShiftRight(p1, 32), c1), W.Create((ulong)k0));
        var n2 = W.Xor(W.Xor(W.ShiftRight(p0, 32), c3), W.Create((ulong)k1));
        return (n0, p1, n2, p0);
    }

    /// <summary>The low 32 bits of each lane of a block's four words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TBits X0, TBits X1, TBits X2, TBits X3) Low(TBits x0, TBits x1, TBits x2, TBits x3)
    {
        var low = W.Create(0xFFFF_FFFFUL);
        return (W.And(x0, low), W.And(x1, low), W.And(x2, low), W.And(x3, low));
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
    /// <param name="single">The float layout (four 24-bit values per block, see <see cref="SingleMath"/>); else the double one.</param>
    // Fills are called a few times per model: optimized code from the first call, not after tier-0 and OSR (about 10x slower).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill<TWatcher>(
        Span<double> destination, long start, uint domain, bool normal, uint k0, uint k1, ref TWatcher watcher, bool single = false)
        where TWatcher : struct, IChunkWatcher
    {
        // One loop per kind rather than one with a branch per chunk: each keeps its kernel's constants in registers.
        switch (normal, single)
        {
            case (true, false):
                FillWith<NormalDraw, TWatcher>(destination, start, domain, k0, k1, ref watcher);
                break;
            case (false, false):
                FillWith<UniformDraw, TWatcher>(destination, start, domain, k0, k1, ref watcher);
                break;
            case (true, true):
                FillWith<SingleNormalDraw, TWatcher>(destination, start, domain, k0, k1, ref watcher);
                break;
            default:
                FillWith<SingleUniformDraw, TWatcher>(destination, start, domain, k0, k1, ref watcher);
                break;
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
    /// <param name="single">
    /// The float layout: an attempt's block gives four candidates, the cosine and sine of its Box-Muller pair (word 0,
    /// word 2), then those of (word 1, word 3), on float lanes (<see cref="SingleMath"/>).
    /// </param>
    public static void Redraw(
        Span<double> destination, ReadOnlySpan<ulong> outside, long firstElement, long start, uint domain, double low, double high,
        uint k0, uint k1, int maxAttempts, Func<Exception> tooLittleMass, bool single = false)
    {
        // One body per layout, as for the fills: the JIT compiles only the candidates the fill draws. With the layout a
        // run-time flag, every cold truncated fill paid for compiling both (issue 16).
        if (single)
        {
            RedrawWith<SingleNormalDraw>(destination, outside, firstElement, start, domain, low, high, k0, k1, maxAttempts, tooLittleMass);
        }
        else
        {
            RedrawWith<NormalDraw>(destination, outside, firstElement, start, domain, low, high, k0, k1, maxAttempts, tooLittleMass);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RedrawWith<TDraw>(
        Span<double> destination, ReadOnlySpan<ulong> outside, long firstElement, long start, uint domain, double low, double high,
        uint k0, uint k1, int maxAttempts, Func<Exception> tooLittleMass)
        where TDraw : struct, IDraw
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

                    // Each candidate in turn fills the lanes still pending where it lies inside.
                    if (TDraw.Single)
                    {
                        var x = Block(c0, c1, c2, W.Create((ulong)attempt), k0, k1);
                        var (first, second, third, fourth) = W.SingleNormals(x.X0, x.X1, x.X2, x.X3);
                        Accept(first, lowLanes, highLanes, ref accepted, ref pending);
                        Accept(second, lowLanes, highLanes, ref accepted, ref pending);
                        Accept(third, lowLanes, highLanes, ref accepted, ref pending);
                        Accept(fourth, lowLanes, highLanes, ref accepted, ref pending);
                    }
                    else
                    {
                        var (first, second) = Normal(c0, c1, c2, W.Create((ulong)attempt), k0, k1);
                        Accept(first, lowLanes, highLanes, ref accepted, ref pending);
                        Accept(second, lowLanes, highLanes, ref accepted, ref pending);
                    }
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

    /// <summary>Takes <paramref name="candidate"/> in the pending lanes where it lies inside [low, high].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accept(TDouble candidate, TDouble low, TDouble high, ref TDouble accepted, ref TBits pending)
    {
        var take = W.And(W.AsDouble(pending), W.Not(Outside(candidate, low, high)));
        accepted = W.Select(take, candidate, accepted);
        pending = W.And(pending, W.AsBits(W.Not(take)));
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
        int span = ChunkSize<TDraw>();
        long end = start + destination.Length;
        Span<double> partial = stackalloc double[span];

        // The float layout's words of two chains of blocks (4 per block each) and a narrowing buffer.
        Span<uint> words = stackalloc uint[TDraw.Single ? (8 * Blocks) + 8 : 0];
        long i = start;

        // The loop over whole chunks writes straight into the destination; a chunk cut by either end of the range goes
        // through the buffer.
        while (i < end)
        {
            int offset = (int)(i & (span - 1));
            if (offset == 0 && end - i >= 2 * span)
            {
                var target = destination.Slice((int)(i - start), 2 * span);
                EvaluateChunkPair<TDraw>(i, target, words, domain, k0, k1);
                watcher.See(i, target[..span], 0, span);
                watcher.See(i + span, target[span..], 0, span);
                i += 2 * span;
                continue;
            }

            if (offset == 0 && end - i >= span)
            {
                var target = destination.Slice((int)(i - start), span);
                EvaluateChunk<TDraw>(i, target, words, domain, k0, k1);
                watcher.See(i, target, 0, span);
                i += span;
                continue;
            }

            int count = (int)Math.Min(span - offset, end - i);
            EvaluateChunk<TDraw>(i - offset, partial, words, domain, k0, k1);
            partial.Slice(offset, count).CopyTo(destination[(int)(i - start)..]);
            watcher.See(i - offset, partial, offset, count);
            i += count;
        }
    }

    /// <summary>
    /// The elements of a chunk: blocks first / 2 .. first / 2 + Blocks - 1 in the double layout (two elements per block),
    /// first / 4 .. in the float layout (four).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EvaluateChunk<TDraw>(long firstElement, Span<double> values, Span<uint> words, uint domain, uint k0, uint k1)
        where TDraw : struct, IDraw
    {
        // The chunk's blocks never carry into the high counter word: the lane count divides 2^32.
        ulong block = (ulong)firstElement >> (TDraw.Single ? 2 : 1);
        var domainLanes = W.Create((ulong)domain);
        var zero = W.Create(0UL);
        for (int e = 0; e < Blocks; e += W.Count)
        {
            ulong first = block + (ulong)e;
            var c0 = W.AddBits(W.Create(first & 0xFFFF_FFFFUL), W.Indices);
            var c1 = W.Create(first >> 32);
            if (TDraw.Single)
            {
                StoreWords(Block(c0, c1, domainLanes, zero, k0, k1), words, words[(8 * Blocks)..], e);
            }
            else
            {
                var (a, b) = TDraw.Normal ? Normal(c0, c1, domainLanes, zero, k0, k1) : Uniform(c0, c1, domainLanes, zero, k0, k1);
                W.StoreGroups(a, b, values, e);
            }
        }

        if (TDraw.Single)
        {
            SingleValues<TDraw>(words, values);
        }
    }

    /// <summary>
    /// Two consecutive chunks (2 ChunkSize elements from <paramref name="firstElement"/>), evaluated as two
    /// independent chains side by side (see <see cref="BlockPair"/>): the same values as two EvaluateChunk calls.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EvaluateChunkPair<TDraw>(long firstElement, Span<double> values, Span<uint> words, uint domain, uint k0, uint k1)
        where TDraw : struct, IDraw
    {
        ulong block = (ulong)firstElement >> (TDraw.Single ? 2 : 1);
        var domainLanes = W.Create((ulong)domain);
        var zero = W.Create(0UL);
        var second = values[ChunkSize<TDraw>()..];
        var secondWords = TDraw.Single ? words.Slice(4 * Blocks, 4 * Blocks) : default;
        var narrowed = TDraw.Single ? words[(8 * Blocks)..] : default;
        for (int e = 0; e < Blocks; e += W.Count)
        {
            ulong firstA = block + (ulong)e;
            ulong firstB = firstA + (ulong)Blocks;
            var (a, b) = BlockPair(
                W.AddBits(W.Create(firstA & 0xFFFF_FFFFUL), W.Indices), W.Create(firstA >> 32),
                W.AddBits(W.Create(firstB & 0xFFFF_FFFFUL), W.Indices), W.Create(firstB >> 32),
                domainLanes, zero, k0, k1);
            if (TDraw.Single)
            {
                StoreWords(a, words, narrowed, e);
                StoreWords(b, secondWords, narrowed, e);
            }
            else if (TDraw.Normal)
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

        if (TDraw.Single)
        {
            SingleValues<TDraw>(words, values);
            SingleValues<TDraw>(secondWords, second);
        }
    }

    /// <summary>
    /// Puts blocks e .. e + Count - 1 of a chunk in the float layout's word order: in each group of four blocks (4g + l,
    /// l = 0..3) word w of block 4g + l is word U[4 w + l] of the group, and the chunk keeps every group's U[0..7] in
    /// <c>words[8 g ..]</c> and its U[8..15] in <c>words[2 Blocks + 8 g ..]</c>.
    /// </summary>
    /// <param name="x">The blocks' output words, one block per lane.</param>
    /// <param name="words">The chunk's words (4 Blocks).</param>
    /// <param name="narrowed">Room to narrow two vectors.</param>
    /// <param name="e">The first block's index in the chunk.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreWords((TBits X0, TBits X1, TBits X2, TBits X3) x, Span<uint> words, Span<uint> narrowed, int e)
    {
        var first = words[..(2 * Blocks)];
        var second = words.Slice(2 * Blocks, 2 * Blocks);
        if (W.Count >= 4)
        {
            // Whole groups per vector: words 0 and 1 of each are its U[0..7], words 2 and 3 its U[8..15].
            W.StoreGrouped(x.X0, x.X1, first[(2 * e)..]);
            W.StoreGrouped(x.X2, x.X3, second[(2 * e)..]);
            return;
        }

        // Two lanes, blocks e and e + 1 of the chunk's one group: words land at l = e, e + 1 and 4 places further.
        W.StoreGrouped(x.X0, x.X1, narrowed);
        W.StoreGrouped(x.X2, x.X3, narrowed[4..]);
        for (int l = 0; l < 2; l++)
        {
            first[e + l] = narrowed[l];
            first[e + l + 4] = narrowed[2 + l];
            second[e + l] = narrowed[4 + l];
            second[e + l + 4] = narrowed[6 + l];
        }
    }

    /// <summary>
    /// The float layout's values of a chunk from its words: group element k (k &lt; 8) from U[k] and element 8 + k from
    /// U[8 + k]; for normals the Box-Muller pair of (U[k], U[8 + k]), cosine at k and sine at 8 + k.
    /// </summary>
    // Not inlined: the chunk loop has spent the JIT's inlining budget on the Philox rounds, and this one's own budget
    // keeps Box-Muller and the stores inline (inlined into the loop, they became calls).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void SingleValues<TDraw>(ReadOnlySpan<uint> words, Span<double> values)
        where TDraw : struct, IDraw
    {
        int lanes = Vector<float>.Count;
        int half = lanes / 2;
        for (int j = 0; j < 2 * Blocks; j += lanes)
        {
            var u = new Vector<uint>(words[j..]);
            var v = new Vector<uint>(words[((2 * Blocks) + j)..]);
            var (first, second) = TDraw.Normal ? SingleMath.BoxMuller(u, v) : (SingleMath.Unit(u), SingleMath.Unit(v));
            Vector.Widen(first, out var firstLow, out var firstHigh);
            Vector.Widen(second, out var secondLow, out var secondHigh);

            // Word j of the chunk's first halves is element 16 (j / 8) + j % 8; the halves of a vector stay in one group.
            int low = (16 * (j >> 3)) + (j & 7);
            int high = (16 * ((j + half) >> 3)) + ((j + half) & 7);
            firstLow.CopyTo(values[low..]);
            firstHigh.CopyTo(values[high..]);
            secondLow.CopyTo(values[(low + 8)..]);
            secondHigh.CopyTo(values[(high + 8)..]);
        }
    }

    /// <summary>Which distribution and layout a fill draws, fixed per instantiation so the JIT drops the others.</summary>
    private interface IDraw
    {
        static abstract bool Normal { get; }

        static abstract bool Single { get; }
    }

    private readonly struct NormalDraw : IDraw
    {
        public static bool Normal => true;

        public static bool Single => false;
    }

    private readonly struct UniformDraw : IDraw
    {
        public static bool Normal => false;

        public static bool Single => false;
    }

    private readonly struct SingleNormalDraw : IDraw
    {
        public static bool Normal => true;

        public static bool Single => true;
    }

    private readonly struct SingleUniformDraw : IDraw
    {
        public static bool Normal => false;

        public static bool Single => true;
    }
}
