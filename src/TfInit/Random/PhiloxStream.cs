using System.Buffers;
using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;
using System.Numerics;
using TfInit.Random.Simd;

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
/// TfInit's own (<see cref="VectorMath{TDouble, TBits, W}"/>), made of IEEE additions, multiplications and divisions only, so a value does
/// not depend on the lane, the vector width, the JIT tier or the instruction set that computed it (the vector code is
/// <see cref="PhiloxKernels{TDouble, TBits, W}"/>, written once for every width).
/// Truncated normal: element i first takes its value from the normal layout on a domain of its own; if that lies
/// outside the cut-offs, it tries the blocks (index i, attempt 1, 2, ...) of a redraw domain, each block's Box-Muller
/// cosine and then its sine, and keeps the first value inside. Every value is thus an exact draw of the truncated normal (redrawn, never clamped).
/// <para>
/// Float layout: float32 and bfloat16 fills of element-wise initializers draw from it, on domains of their own
/// (4 to 7). Each block gives four elements from its four 32-bit words, 24-bit uniforms <c>(w &gt;&gt; 8) * 2^-24</c>
/// and Box-Muller in single precision (<see cref="SingleMath"/>), as torch.rand/randn and numpy's float32 generators
/// draw, at about half the cost per value of the double layout. In each group of 16 elements from blocks 4g .. 4g + 3,
/// word w of block 4g + l is U[4 w + l]; element 16g + k is the uniform of U[k], and the normals pair U[k] (radius)
/// with U[8 + k] (angle): the cosine is element 16g + k, the sine 16g + 8 + k (k &lt; 8). A truncated redraw's block
/// gives the candidates cos, sin of (word 0, word 2), then of (word 1, word 3). |value| is at most 5.77 there (1 - u is
/// at least 2^-24) against 8.57 in the double layout.
/// </para>
/// </remarks>
public sealed class PhiloxStream : RandomStream
{
    private const uint UniformDomain = 0;
    private const uint NormalDomain = 1;
    private const uint TruncatedDomain = 2;
    private const uint RedrawDomain = 3;

    /// <summary>The float layout's domains are the double layout's plus this.</summary>
    private const uint SingleDomains = 4;

    private readonly uint _k0;
    private readonly uint _k1;
    private readonly uint _domains;

    /// <summary>
    /// The AppContext switch (a runtimeconfig property) of a process whose preferred-width kernels are precompiled, as
    /// in the tfinit command: there a tensor of fewer than <see cref="WideFill"/> elements is filled with them rather
    /// than with the AVX-512 kernels, which ReadyToRun never precompiles and whose JIT (about 30 ms CPU, once per
    /// process) would cost such a fill more than they save (about 0.5 ns a value). The same values either way.
    /// </summary>
    internal const string PrecompiledSmallFillsSwitch = "TfInit.PrecompiledSmallFills";

    private const long WideFill = 1 << 24;

    // Read once, here rather than in the constructor: ReadyToRun code that tests for AVX-512 is rejected on a CPU that
    // has it, and the constructor is on the precompiled path.
    private static readonly bool Avx512 = Vector512.IsHardwareAccelerated;
    private static readonly bool PrecompiledSmallFills = AppContext.TryGetSwitch(PrecompiledSmallFillsSwitch, out bool on) && on;

    private readonly bool _wide;

    /// <summary>Creates a stream for <paramref name="seed"/> positioned at element <paramref name="position"/>.</summary>
    /// <param name="seed">The key; any non-negative 64-bit integer.</param>
    /// <param name="position">The index of the next element drawn.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative seed or position.</exception>
    public PhiloxStream(long seed, long position = 0)
        : this(seed, position, singlePrecision: false)
    {
    }

    /// <summary>A stream in the double layout or, with <paramref name="singlePrecision"/>, in the float layout.</summary>
    /// <param name="seed">The key; any non-negative 64-bit integer.</param>
    /// <param name="position">The index of the next element drawn.</param>
    /// <param name="singlePrecision">Draw the float layout's values (see the remarks).</param>
    /// <param name="tensorLength">
    /// The elements of the whole tensor this stream fills a part of (see <see cref="PrecompiledSmallFillsSwitch"/>).
    /// </param>
    internal PhiloxStream(long seed, long position, bool singlePrecision, long tensorLength = long.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        Seed = seed;
        Position = position;
        _k0 = (uint)seed;
        _k1 = (uint)((ulong)seed >> 32);
        SinglePrecision = singlePrecision;
        _domains = singlePrecision ? SingleDomains : 0;
        _wide = Avx512 && (tensorLength >= WideFill || !PrecompiledSmallFills);
    }

    /// <summary>The seed (the Philox key).</summary>
    public long Seed { get; }

    /// <summary>The index of the next element; every fill advances it by the number of elements drawn.</summary>
    public long Position { get; private set; }

    /// <summary>Whether the stream draws the float layout.</summary>
    internal bool SinglePrecision { get; }

    /// <summary>Moves <see cref="Position"/> past <paramref name="count"/> elements drawn elsewhere.</summary>
    /// <param name="count">Elements.</param>
    internal void Skip(long count) => Position += count;

    /// <inheritdoc />
    public override void Uniform(Span<double> destination)
    {
        var none = default(NoWatcher);
        Fill(destination, _domains + UniformDomain, normal: false, ref none);
        Position += destination.Length;
    }

    /// <inheritdoc />
    public override void StandardNormal(Span<double> destination)
    {
        var none = default(NoWatcher);
        Fill(destination, _domains + NormalDomain, normal: true, ref none);
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

        // The attempt-0 values come from the normal layout and are checked as they are written (see RejectionMasks):
        // bit b of the masks is element firstElement + b, firstElement a multiple of 64.
        long start = Position;
        long firstElement = start & ~63L;
        int words = (int)((start + destination.Length - firstElement + 63) >> 6);
        ulong[] outside = ArrayPool<ulong>.Shared.Rent(words);
        try
        {
            outside.AsSpan(0, words).Clear();
            var masks = new RejectionMasks(outside, firstElement, low, high);
            Fill(destination, _domains + TruncatedDomain, normal: true, ref masks);
            // The method group, not a lambda over low and high: a fill calls this once per 4096-element tile, and a
            // capturing lambda would allocate each time.
            Func<double, double, Exception> error = TooLittleMass;
            // The float layout's candidates are computed on float vectors of the preferred width: its redraws run there.
            if (_wide && !SinglePrecision)
            {
                PhiloxKernels<Vector512<double>, Vector512<ulong>, Width512>.Redraw(
                    destination, outside.AsSpan(0, words), firstElement, start, _domains + RedrawDomain, low, high, _k0, _k1, MaxTruncatedAttempts, error,
                    SinglePrecision);
            }
            else
            {
                PhiloxKernels<Vector<double>, Vector<ulong>, PreferredWidth>.Redraw(
                    destination, outside.AsSpan(0, words), firstElement, start, _domains + RedrawDomain, low, high, _k0, _k1, MaxTruncatedAttempts, error,
                    SinglePrecision);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(outside);
        }

        Position = start + destination.Length;
    }

    /// <summary>
    /// Writes elements [Position, Position + destination.Length) without moving <see cref="Position"/>, on AVX-512 where
    /// it is fast, else on the JIT's preferred vector width: the same values either way.
    /// </summary>
    private void Fill<TWatcher>(Span<double> destination, uint domain, bool normal, ref TWatcher watcher)
        where TWatcher : struct, IChunkWatcher
    {
        if (_wide)
        {
            PhiloxKernels<Vector512<double>, Vector512<ulong>, Width512>.Fill(destination, Position, domain, normal, _k0, _k1, ref watcher, SinglePrecision);
        }
        else
        {
            PhiloxKernels<Vector<double>, Vector<ulong>, PreferredWidth>.Fill(destination, Position, domain, normal, _k0, _k1, ref watcher, SinglePrecision);
        }
    }

    /// <summary>Plain fills watch nothing; the calls inline away.</summary>
    private readonly struct NoWatcher : IChunkWatcher
    {
        public void See(long element, ReadOnlySpan<double> chunk, int offset, int count)
        {
        }

        public uint Marks(Vector<float> values) => 0;

        public void See(long element, ulong marks, int offset, int count)
        {
        }
    }

    /// <summary>
    /// Records per element a bit for values outside [low, high], without branching on it: about half of all
    /// sixteen-element chunks hold a rejection at +-2 std, so a branch here would mispredict at random and throw away the
    /// next chunk's work in flight. The values are read back from the chunk just stored (still in L1).
    /// </summary>
    private readonly struct RejectionMasks(ulong[] outside, long firstElement, double low, double high) : IChunkWatcher
    {
        // A float x lies below low exactly when it lies below the least float >= low (no float is in between), and above
        // high exactly when above the greatest float <= high: the float compares mark what the double ones would.
        private readonly Vector<float> _lowSingle = new(AtLeast(low));
        private readonly Vector<float> _highSingle = new(-AtLeast(-high));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public uint Marks(Vector<float> values) =>
            SingleMath.MostSignificantBits(Vector.LessThan(values, _lowSingle) | Vector.GreaterThan(values, _highSingle));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void See(long element, ReadOnlySpan<double> chunk, int offset, int count)
        {
            // The preferred width even under AVX-512 kernels: ReadyToRun rejects code that asks for AVX-512 on a CPU that
            // has it, and this is inlined into the precompiled small-fill kernels too.
            ulong mask = 0;
            var lowLanes = new Vector<double>(low);
            var highLanes = new Vector<double>(high);
            for (int k = 0; k < chunk.Length; k += Vector<double>.Count)
            {
                mask |= (ulong)PhiloxKernels<Vector<double>, Vector<ulong>, PreferredWidth>.OutsideBits(chunk[k..], lowLanes, highLanes) << k;
            }

            See(element, mask, offset, count);
        }

        /// <summary>The least float at or above <paramref name="value"/> (-float.MaxValue below float's range, +infinity above it).</summary>
        private static float AtLeast(double value)
        {
            float single = (float)value;
            return single < value ? MathF.BitIncrement(single) : single;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void See(long element, ulong mask, int offset, int count)
        {
            // Only the elements this call wrote; a chunk (at most 32 elements) never straddles two words, since chunks
            // start at multiples of their size and firstElement at a multiple of 64.
            mask &= ((1UL << count) - 1) << offset;
            int bit = (int)(element - firstElement);
            outside[bit >> 6] |= mask << (bit & 63);
        }
    }
}
