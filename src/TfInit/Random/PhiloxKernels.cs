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
    where TBits : unmanaged
    where W : struct, ISimdWidth<TDouble, TBits>
{
    /// <summary>Round keys per block: two for each of the ten rounds (see <see cref="RoundKeys"/>).</summary>
    public const int KeyCount = 20;

    /// <summary>Philox blocks per chunk: one per lane, and at least the four of a group.</summary>
    private static int Blocks
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => default(W).Count < 4 ? 4 : default(W).Count;
    }

    /// <summary>Elements per chunk: two per block in the double layout, four in the float layout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ChunkSize<TDraw>()
        where TDraw : struct, IDraw => (default(TDraw).Single ? 4 : 2) * Blocks;

    /// <summary>
    /// The key schedule of <see cref="Philox.Block"/>, each round key in every lane: <c>keys[2 r] = k0 + r W0</c> and
    /// <c>keys[2 r + 1] = k1 + r W1</c> (mod 2^32) for rounds r = 0..9. Computed once per fill, the rounds then xor them
    /// from memory instead of broadcasting two scalars per round.
    /// </summary>
    /// <param name="k0">Key word 0.</param>
    /// <param name="k1">Key word 1.</param>
    /// <param name="keys"><see cref="KeyCount"/> vectors.</param>
    public static void RoundKeys(uint k0, uint k1, Span<TBits> keys)
    {
        var ops = default(W);
        for (int round = 0; round < KeyCount / 2; round++)
        {
            keys[2 * round] = ops.Create((ulong)k0);
            keys[(2 * round) + 1] = ops.Create((ulong)k1);
            k0 += Philox.W0;
            k1 += Philox.W1;
        }
    }

    /// <summary>
    /// <see cref="Philox.Block"/> on one counter per lane. Each 32-bit word sits in the low half of a 64-bit lane so
    /// that one vpmuludq gives the full 32 x 32 -> 64 product Philox needs (high half and low half).
    /// </summary>
    /// <param name="c0">Counter word 0 of each lane (low 32 bits used).</param>
    /// <param name="c1">Counter word 1 of each lane.</param>
    /// <param name="c2">Counter word 2 of each lane.</param>
    /// <param name="c3">Counter word 3 of each lane.</param>
    /// <param name="keys">The round keys (<see cref="RoundKeys"/>).</param>
    /// <returns>The four output words of each lane, each in the low 32 bits.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (TBits X0, TBits X1, TBits X2, TBits X3) Block(TBits c0, TBits c1, TBits c2, TBits c3, ReadOnlySpan<TBits> keys)
    {
        for (int round = 0; round < KeyCount; round += 2)
        {
            (c0, c1, c2, c3) = Round(c0, c1, c2, c3, keys[round], keys[round + 1]);
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
        TBits a0, TBits a1, TBits b0, TBits b1, TBits c2, TBits c3, ReadOnlySpan<TBits> keys)
    {
        TBits a2 = c2, a3 = c3, b2 = c2, b3 = c3;
        for (int round = 0; round < KeyCount; round += 2)
        {
            var (k0, k1) = (keys[round], keys[round + 1]);
            (a0, a1, a2, a3) = Round(a0, a1, a2, a3, k0, k1);
            (b0, b1, b2, b3) = Round(b0, b1, b2, b3, k0, k1);
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
    private static (TBits X0, TBits X1, TBits X2, TBits X3) Round(TBits c0, TBits c1, TBits c2, TBits c3, TBits k0, TBits k1)
    {
        var ops = default(W);
        var p0 = ops.MultiplyLow32(ops.Create((ulong)Philox.M0), c0);
        var p1 = ops.MultiplyLow32(ops.Create((ulong)Philox.M1), c2);
        var n0 = ops.Xor(ops.Xor(ops.ShiftRight(p1, 32), c1), k0);
        var n2 = ops.Xor(ops.Xor(ops.ShiftRight(p0, 32), c3), k1);
        return (n0, p1, n2, p0);
    }

    /// <summary>The low 32 bits of each lane of a block's four words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TBits X0, TBits X1, TBits X2, TBits X3) Low(TBits x0, TBits x1, TBits x2, TBits x3)
    {
        var ops = default(W);
        var low = ops.Create(0xFFFF_FFFFUL);
        return (ops.And(x0, low), ops.And(x1, low), ops.And(x2, low), ops.And(x3, low));
    }

    /// <summary>Each block's two 53-bit uniforms in [0, 1): <c>(bits &gt;&gt; 11) * 2^-53</c> of its first and last 64 bits.</summary>
    /// <param name="c0">Counter word 0 of each lane.</param>
    /// <param name="c1">Counter word 1 of each lane.</param>
    /// <param name="c2">Counter word 2 of each lane.</param>
    /// <param name="c3">Counter word 3 of each lane.</param>
    /// <param name="keys">The round keys (<see cref="RoundKeys"/>).</param>
    /// <returns>The first and second value of each block.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (TDouble First, TDouble Second) Uniform(TBits c0, TBits c1, TBits c2, TBits c3, ReadOnlySpan<TBits> keys)
    {
        var ops = default(W);
        var (x0, x1, x2, x3) = Block(c0, c1, c2, c3, keys);
        return (ops.Unit(x1, x0), ops.Unit(x3, x2));
    }

    /// <summary>
    /// Each block's Box-Muller pair <c>sqrt(-2 ln(1 - u1)) * (cos, sin)(2 pi u2)</c> (Box and Muller, "A note on the
    /// generation of random normal deviates", 1958), u1 from the block's first 64 bits, u2 from its last.
    /// </summary>
    /// <param name="c0">Counter word 0 of each lane.</param>
    /// <param name="c1">Counter word 1 of each lane.</param>
    /// <param name="c2">Counter word 2 of each lane.</param>
    /// <param name="c3">Counter word 3 of each lane.</param>
    /// <param name="keys">The round keys (<see cref="RoundKeys"/>).</param>
    /// <returns>The cosine and the sine value of each block.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (TDouble First, TDouble Second) Normal(TBits c0, TBits c1, TBits c2, TBits c3, ReadOnlySpan<TBits> keys) =>
        BoxMuller(Block(c0, c1, c2, c3, keys));

    /// <summary>Box-Muller on one Philox output per lane (see <see cref="Normal"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TDouble First, TDouble Second) BoxMuller((TBits X0, TBits X1, TBits X2, TBits X3) x)
    {
        var ops = default(W);
        var u1 = ops.Unit(x.X1, x.X0);
        var u2 = ops.Unit(x.X3, x.X2);
        var r = ops.Sqrt(ops.Multiply(ops.Create(-2.0), VectorMath<TDouble, TBits, W>.Log(ops.Subtract(ops.Create(1.0), u1))));
        var (sin, cos) = VectorMath<TDouble, TBits, W>.SinCosTwoPi(u2);
        return (ops.Multiply(r, cos), ops.Multiply(r, sin));
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
    // No AggressiveOptimization on the fill and redraw kernels, which ReadyToRun then precompiles (it never does so for
    // such a method, nor for the generic instantiations only such a method calls): where the JIT compiles them,
    // FillWith and RedrawPairs are optimized from the first call anyway (their stackalloc rules out on-stack
    // replacement, so the JIT does not start their loops at tier 0), and the dispatchers Fill and Redraw are cheap at
    // tier 0.
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
    /// <param name="tooLittleMass">The error for cut-offs (low, high) that are almost never reached.</param>
    /// <param name="single">
    /// The float layout: an attempt's block gives four candidates, the cosine and sine of its Box-Muller pair (word 0,
    /// word 2), then those of (word 1, word 3), on float lanes (<see cref="SingleMath"/>).
    /// </param>
    public static void Redraw(
        Span<double> destination, ReadOnlySpan<ulong> outside, long firstElement, long start, uint domain, double low, double high,
        uint k0, uint k1, int maxAttempts, Func<double, double, Exception> tooLittleMass, bool single = false)
    {
        var ops = default(W);
        int count = CountMarked(outside);
        if (count == 0)
        {
            return;
        }

        // Batches go in pairs, their chains interleaved (see BlockPair): one batch's Philox rounds, logarithm and sine are
        // a chain of dependent steps too long for the core to overlap with the next batch's on its own.
        int width = ops.Count;
        int batches = 2 * ((count + (2 * width) - 1) / (2 * width));
        ulong[] elements = ArrayPool<ulong>.Shared.Rent(width * batches);
        try
        {
            ListMarked(outside, firstElement, elements);

            // Spare lanes of the last pair repeat its last element, which then gets the same value more than once.
            elements.AsSpan(count, (width * batches) - count).Fill(elements[count - 1]);
            var marked = elements.AsSpan(0, width * batches);
            if (single)
            {
                RedrawPairs<SingleNormalDraw>(destination, marked, start, domain, low, high, k0, k1, maxAttempts, tooLittleMass);
            }
            else
            {
                RedrawPairs<NormalDraw>(destination, marked, start, domain, low, high, k0, k1, maxAttempts, tooLittleMass);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(elements);
        }
    }

    /// <summary>The number of marked elements.</summary>
    // The loops over the marks are optimized from the first call (once per tile); Redraw itself is not, so that
    // crossgen2 compiles it and, through it, the RedrawPairs it calls.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountMarked(ReadOnlySpan<ulong> outside)
    {
        int count = 0;
        foreach (ulong mask in outside)
        {
            count += BitOperations.PopCount(mask);
        }

        return count;
    }

    /// <summary>Writes the marked elements (bit b of word w: element firstElement + 64 w + b), in order, to <paramref name="elements"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ListMarked(ReadOnlySpan<ulong> outside, long firstElement, Span<ulong> elements)
    {
        int n = 0;
        for (int w = 0; w < outside.Length; w++)
        {
            for (ulong mask = outside[w]; mask != 0; mask &= mask - 1)
            {
                elements[n++] = (ulong)(firstElement + (64L * w) + BitOperations.TrailingZeroCount(mask));
            }
        }
    }

    /// <summary>
    /// The redraws of <see cref="Redraw"/> (whose parameters these are) in one layout, two batches of lanes at a time;
    /// <paramref name="elements"/> lists the marked elements, a whole number of batch pairs.
    /// </summary>
    private static void RedrawPairs<TDraw>(
        Span<double> destination, ReadOnlySpan<ulong> elements, long start, uint domain, double low, double high,
        uint k0, uint k1, int maxAttempts, Func<double, double, Exception> tooLittleMass)
        where TDraw : struct, IDraw
    {
        var ops = default(W);
        int width = ops.Count;
        Span<double> values = stackalloc double[width];
        var lowLanes = ops.Create(low);
        var highLanes = ops.Create(high);
        var c2 = ops.Create((ulong)domain);
        var low32 = ops.Create(0xFFFF_FFFFUL);
        Span<TBits> keys = stackalloc TBits[KeyCount];
        RoundKeys(k0, k1, keys);
        for (int b = 0; b < elements.Length; b += 2 * width)
        {
            var batchA = elements.Slice(b, width);
            var batchB = elements.Slice(b + width, width);
            var lanesA = ops.Load(batchA);
            var lanesB = ops.Load(batchB);
            var (a0, a1) = (ops.And(lanesA, low32), ops.ShiftRight(lanesA, 32));
            var (b0, b1) = (ops.And(lanesB, low32), ops.ShiftRight(lanesB, 32));

            // The lanes are merged with masks, not branches: all lanes are accepted on the first attempt about 99% of
            // the time at +-2 std, and the loop then runs once.
            var acceptedA = ops.Create(0.0);
            var acceptedB = acceptedA;
            var pendingA = ops.Create(ulong.MaxValue);
            var pendingB = pendingA;
            for (uint attempt = 1; !(ops.IsZero(pendingA) && ops.IsZero(pendingB)); attempt++)
            {
                if (attempt == maxAttempts)
                {
                    throw tooLittleMass(low, high);
                }

                var (xa, xb) = BlockPair(a0, a1, b0, b1, c2, ops.Create((ulong)attempt), keys);
                AcceptCandidates<TDraw>(xa, xb, lowLanes, highLanes, ref acceptedA, ref pendingA, ref acceptedB, ref pendingB);
            }

            Scatter(acceptedA, batchA, values, destination, start);
            Scatter(acceptedB, batchB, values, destination, start);
        }
    }

    /// <summary>
    /// Each candidate of an attempt's block in turn fills the lanes still pending where it lies inside, in both batches
    /// (blocks <paramref name="a"/> and <paramref name="b"/>): the cosine and the sine of its Box-Muller pair, or in the
    /// float layout those of its two single-precision pairs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AcceptCandidates<TDraw>(
        (TBits X0, TBits X1, TBits X2, TBits X3) a, (TBits X0, TBits X1, TBits X2, TBits X3) b, TDouble low, TDouble high,
        ref TDouble acceptedA, ref TBits pendingA, ref TDouble acceptedB, ref TBits pendingB)
        where TDraw : struct, IDraw
    {
        var ops = default(W);

        // typeof, not TDraw's Single: the JIT folds it before inlining, so the other layout's Box-Muller is not imported
        // and does not spend RedrawPairs's inlining budget (past it, Scatter and the loop test were left as calls).
        if (typeof(TDraw) == typeof(SingleNormalDraw))
        {
            // One float Box-Muller evaluation gives the first pair (words 0 and 2) of both batches; the second pair (words
            // 1 and 3) is only computed when a lane rejected both of its first two candidates, about 2% of the time at
            // +-2 std. The candidates are tried in the same order either way.
            var (a1, a2, b1, b2) = ops.SingleNormals(a.X0, b.X0, a.X2, b.X2);
            Accept(a1, low, high, ref acceptedA, ref pendingA);
            Accept(a2, low, high, ref acceptedA, ref pendingA);
            Accept(b1, low, high, ref acceptedB, ref pendingB);
            Accept(b2, low, high, ref acceptedB, ref pendingB);
            if (!(ops.IsZero(pendingA) && ops.IsZero(pendingB)))
            {
                var (a3, a4, b3, b4) = ops.SingleNormals(a.X1, b.X1, a.X3, b.X3);
                Accept(a3, low, high, ref acceptedA, ref pendingA);
                Accept(a4, low, high, ref acceptedA, ref pendingA);
                Accept(b3, low, high, ref acceptedB, ref pendingB);
                Accept(b4, low, high, ref acceptedB, ref pendingB);
            }
        }
        else
        {
            var (a1, a2) = BoxMuller(a);
            Accept(a1, low, high, ref acceptedA, ref pendingA);
            Accept(a2, low, high, ref acceptedA, ref pendingA);
            var (b1, b2) = BoxMuller(b);
            Accept(b1, low, high, ref acceptedB, ref pendingB);
            Accept(b2, low, high, ref acceptedB, ref pendingB);
        }
    }

    /// <summary>Writes lane l of <paramref name="accepted"/> to the element <c>batch[l]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scatter(TDouble accepted, ReadOnlySpan<ulong> batch, Span<double> values, Span<double> destination, long start)
    {
        var ops = default(W);
        ops.Store(accepted, values);
        for (int l = 0; l < batch.Length; l++)
        {
            destination[(int)((long)batch[l] - start)] = values[l];
        }
    }

    /// <summary>Takes <paramref name="candidate"/> in the pending lanes where it lies inside [low, high].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accept(TDouble candidate, TDouble low, TDouble high, ref TDouble accepted, ref TBits pending)
    {
        var ops = default(W);
        var take = ops.And(ops.AsDouble(pending), ops.Not(Outside(candidate, low, high)));
        accepted = ops.Select(take, candidate, accepted);
        pending = ops.And(pending, ops.AsBits(ops.Not(take)));
    }

    /// <summary>Bit l is set when lane l of <c>chunk[at..]</c> lies outside [low, high].</summary>
    /// <param name="chunk">The values.</param>
    /// <param name="low">Lower cut-off in every lane.</param>
    /// <param name="high">Upper cut-off in every lane.</param>
    /// <returns>The mask of one vector.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint OutsideBits(ReadOnlySpan<double> chunk, TDouble low, TDouble high)
    {
        var ops = default(W);
        return ops.MostSignificantBits(Outside(ops.Load(chunk), low, high));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TDouble Outside(TDouble x, TDouble low, TDouble high)
    {
        var ops = default(W);
        return ops.Or(ops.LessThan(x, low), ops.GreaterThan(x, high));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FillWith<TDraw, TWatcher>(Span<double> destination, long start, uint domain, uint k0, uint k1, ref TWatcher watcher)
        where TDraw : struct, IDraw
        where TWatcher : struct, IChunkWatcher
    {
        int span = ChunkSize<TDraw>();
        long end = start + destination.Length;
        Span<double> partial = stackalloc double[span];
        Span<TBits> keys = stackalloc TBits[KeyCount];
        RoundKeys(k0, k1, keys);

        // The float layout's words of two chains of blocks (4 per block each) and a narrowing buffer.
        Span<uint> words = stackalloc uint[default(TDraw).Single ? (8 * Blocks) + 8 : 0];
        long i = start;

        // The loop over whole chunks writes straight into the destination; a chunk cut by either end of the range goes
        // through the buffer.
        while (i < end)
        {
            int offset = (int)(i & (span - 1));
            if (offset == 0 && end - i >= 2 * span)
            {
                var target = destination.Slice((int)(i - start), 2 * span);
                EvaluateChunkPair<TDraw, TWatcher>(i, target, words, domain, keys, ref watcher);
                i += 2 * span;
                continue;
            }

            if (offset == 0 && end - i >= span)
            {
                var target = destination.Slice((int)(i - start), span);
                EvaluateChunk<TDraw, TWatcher>(i, target, words, domain, keys, ref watcher, 0, span);
                i += span;
                continue;
            }

            int count = (int)Math.Min(span - offset, end - i);
            EvaluateChunk<TDraw, TWatcher>(i - offset, partial, words, domain, keys, ref watcher, offset, count);
            partial.Slice(offset, count).CopyTo(destination[(int)(i - start)..]);
            i += count;
        }
    }

    /// <summary>
    /// The elements of a chunk: blocks first / 2 .. first / 2 + Blocks - 1 in the double layout (two elements per block),
    /// first / 4 .. in the float layout (four); elements [firstElement + offset, firstElement + offset + count) of them are
    /// shown to the watcher.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EvaluateChunk<TDraw, TWatcher>(
        long firstElement, Span<double> values, Span<uint> words, uint domain, ReadOnlySpan<TBits> keys, ref TWatcher watcher,
        int offset, int count)
        where TDraw : struct, IDraw
        where TWatcher : struct, IChunkWatcher
    {
        var ops = default(W);
        // The chunk's blocks never carry into the high counter word: the lane count divides 2^32.
        ulong block = (ulong)firstElement >> (default(TDraw).Single ? 2 : 1);
        var domainLanes = ops.Create((ulong)domain);
        var zero = ops.Create(0UL);
        for (int e = 0; e < Blocks; e += ops.Count)
        {
            ulong first = block + (ulong)e;
            var c0 = ops.AddBits(ops.Create(first & 0xFFFF_FFFFUL), ops.Indices);
            var c1 = ops.Create(first >> 32);
            if (default(TDraw).Single)
            {
                StoreWords(Block(c0, c1, domainLanes, zero, keys), words, words[(8 * Blocks)..], e);
            }
            else
            {
                var (a, b) = default(TDraw).Normal ? Normal(c0, c1, domainLanes, zero, keys) : Uniform(c0, c1, domainLanes, zero, keys);
                ops.StoreGroups(a, b, values, e);
            }
        }

        if (default(TDraw).Single)
        {
            SingleValues<TDraw, TWatcher>(words, values, ref watcher, firstElement, offset, count);
        }
        else
        {
            watcher.See(firstElement, values, offset, count);
        }
    }

    /// <summary>
    /// Two consecutive chunks (2 ChunkSize elements from <paramref name="firstElement"/>), evaluated as two
    /// independent chains side by side (see <see cref="BlockPair"/>): the same values, and the same calls of the
    /// watcher, as two EvaluateChunk calls.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EvaluateChunkPair<TDraw, TWatcher>(
        long firstElement, Span<double> values, Span<uint> words, uint domain, ReadOnlySpan<TBits> keys, ref TWatcher watcher)
        where TDraw : struct, IDraw
        where TWatcher : struct, IChunkWatcher
    {
        var ops = default(W);
        ulong block = (ulong)firstElement >> (default(TDraw).Single ? 2 : 1);
        var domainLanes = ops.Create((ulong)domain);
        var zero = ops.Create(0UL);
        int span = ChunkSize<TDraw>();
        var second = values[span..];
        var secondWords = default(TDraw).Single ? words.Slice(4 * Blocks, 4 * Blocks) : default;
        var narrowed = default(TDraw).Single ? words[(8 * Blocks)..] : default;
        for (int e = 0; e < Blocks; e += ops.Count)
        {
            ulong firstA = block + (ulong)e;
            ulong firstB = firstA + (ulong)Blocks;
            var (a, b) = BlockPair(
                ops.AddBits(ops.Create(firstA & 0xFFFF_FFFFUL), ops.Indices), ops.Create(firstA >> 32),
                ops.AddBits(ops.Create(firstB & 0xFFFF_FFFFUL), ops.Indices), ops.Create(firstB >> 32),
                domainLanes, zero, keys);
            if (default(TDraw).Single)
            {
                StoreWords(a, words, narrowed, e);
                StoreWords(b, secondWords, narrowed, e);
            }
            else if (default(TDraw).Normal)
            {
                var (a1, a2) = BoxMuller(a);
                var (b1, b2) = BoxMuller(b);
                ops.StoreGroups(a1, a2, values, e);
                ops.StoreGroups(b1, b2, second, e);
            }
            else
            {
                ops.StoreGroups(ops.Unit(a.X1, a.X0), ops.Unit(a.X3, a.X2), values, e);
                ops.StoreGroups(ops.Unit(b.X1, b.X0), ops.Unit(b.X3, b.X2), second, e);
            }
        }

        if (default(TDraw).Single)
        {
            SingleValues<TDraw, TWatcher>(words, values, ref watcher, firstElement, 0, span);
            SingleValues<TDraw, TWatcher>(secondWords, second, ref watcher, firstElement + span, 0, span);
        }
        else
        {
            watcher.See(firstElement, values[..span], 0, span);
            watcher.See(firstElement + span, second, 0, span);
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
        var ops = default(W);
        var first = words[..(2 * Blocks)];
        var second = words.Slice(2 * Blocks, 2 * Blocks);
        if (ops.Count >= 4)
        {
            // Whole groups per vector: words 0 and 1 of each are its U[0..7], words 2 and 3 its U[8..15].
            ops.StoreGrouped(x.X0, x.X1, first[(2 * e)..]);
            ops.StoreGrouped(x.X2, x.X3, second[(2 * e)..]);
            return;
        }

        // Two lanes, blocks e and e + 1 of the chunk's one group: words land at l = e, e + 1 and 4 places further.
        ops.StoreGrouped(x.X0, x.X1, narrowed);
        ops.StoreGrouped(x.X2, x.X3, narrowed[4..]);
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
    /// <remarks>
    /// Shows elements [element + offset, element + offset + count) to the watcher with their marks, taken on the float
    /// vectors: one compare per eight values instead of reloading the widened doubles.
    /// </remarks>
    // Not inlined: the chunk loop has spent the JIT's inlining budget on the Philox rounds, and this one's own budget
    // keeps Box-Muller, the stores and the watcher inline (inlined into the loop, they became calls). Span parameters,
    // not ReadOnlySpan: the conversion at the call would be a call of its own.
    // Optimized from the first call: called once per chunk with no loop of its own to get on-stack replacement, it would
    // otherwise run at tier 0 until call counting promotes it. Never precompiled, so a cold process pays its JIT.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void SingleValues<TDraw, TWatcher>(
        Span<uint> words, Span<double> values, ref TWatcher watcher, long element, int offset, int count)
        where TDraw : struct, IDraw
        where TWatcher : struct, IChunkWatcher
    {
        int lanes = Vector<float>.Count;
        int half = lanes / 2;
        ulong halfLanes = (1UL << half) - 1;
        ulong marks = 0;
        for (int j = 0; j < 2 * Blocks; j += lanes)
        {
            var u = new Vector<uint>(words[j..]);
            var v = new Vector<uint>(words[((2 * Blocks) + j)..]);
            var (first, second) = default(TDraw).Normal ? SingleMath.BoxMuller(u, v) : (SingleMath.Unit(u), SingleMath.Unit(v));
            Vector.Widen(first, out var firstLow, out var firstHigh);
            Vector.Widen(second, out var secondLow, out var secondHigh);

            // Word j of the chunk's first halves is element 16 (j / 8) + j % 8; the halves of a vector stay in one group.
            int low = (16 * (j >> 3)) + (j & 7);
            int high = (16 * ((j + half) >> 3)) + ((j + half) & 7);
            firstLow.CopyTo(values[low..]);
            firstHigh.CopyTo(values[high..]);
            secondLow.CopyTo(values[(low + 8)..]);
            secondHigh.CopyTo(values[(high + 8)..]);
            ulong f = watcher.Marks(first);
            ulong s = watcher.Marks(second);
            marks |= ((f & halfLanes) << low) | ((f >> half) << high) | ((s & halfLanes) << (low + 8)) | ((s >> half) << (high + 8));
        }

        watcher.See(element, marks, offset, count);
    }

    /// <summary>Which distribution and layout a fill draws, fixed per instantiation so the JIT drops the others.</summary>
    private interface IDraw
    {
        bool Normal { get; }

        bool Single { get; }
    }

    private readonly struct NormalDraw : IDraw
    {
        public bool Normal => true;

        public bool Single => false;
    }

    private readonly struct UniformDraw : IDraw
    {
        public bool Normal => false;

        public bool Single => false;
    }

    private readonly struct SingleNormalDraw : IDraw
    {
        public bool Normal => true;

        public bool Single => true;
    }

    private readonly struct SingleUniformDraw : IDraw
    {
        public bool Normal => false;

        public bool Single => true;
    }
}
