using System.Runtime.CompilerServices;

namespace TfInit.Random;

/// <summary>
/// TfInit's default stream: Philox4x32-10 keyed by the seed, with element i of every distribution a
/// pure function of (seed, i). The stream keeps only a position, so a tensor filled in one call, in
/// slices, or from many threads gets the same values.
/// </summary>
/// <remarks>
/// Counter layout: words 0-1 hold the block index, word 2 the distribution (so uniform and normal
/// draws never share bits), word 3 the attempt number of a truncated draw.
/// Uniform: each block gives two 53-bit doubles, <c>(bits &gt;&gt; 11) * 2^-53</c>, for elements 2k and 2k+1.
/// Normal: each block gives one Box-Muller pair, <c>sqrt(-2 ln(1 - u1)) * (cos, sin)(2 pi u2)</c>, for elements 2k and 2k+1.
/// Truncated normal: element i tries the Box-Muller pair of block (i, attempt) for attempt 0, 1, ...
/// and keeps the first value inside the cut-offs.
/// </remarks>
public sealed class PhiloxStream : RandomStream
{
    private const double TwoPow53Inverse = 1.0 / (1UL << 53);
    private const uint UniformDomain = 0;
    private const uint NormalDomain = 1;
    private const uint TruncatedDomain = 2;

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
        long start = Position;
        for (int j = 0; j < destination.Length; j++)
        {
            long i = start + j;
            var (x0, x1, x2, x3) = Block(i >> 1, UniformDomain, 0);
            ulong bits = (i & 1) == 0 ? ((ulong)x1 << 32) | x0 : ((ulong)x3 << 32) | x2;
            destination[j] = (bits >> 11) * TwoPow53Inverse;
        }

        Position = start + destination.Length;
    }

    /// <inheritdoc />
    public override void StandardNormal(Span<double> destination)
    {
        long start = Position;
        int j = 0;
        if ((start & 1) == 1 && destination.Length > 0)
        {
            destination[0] = BoxMuller(start >> 1, NormalDomain, 0).Z1;
            j = 1;
        }

        for (; j + 1 < destination.Length; j += 2)
        {
            var (z0, z1) = BoxMuller((start + j) >> 1, NormalDomain, 0);
            destination[j] = z0;
            destination[j + 1] = z1;
        }

        if (j < destination.Length)
        {
            destination[j] = BoxMuller((start + j) >> 1, NormalDomain, 0).Z0;
        }

        Position = start + destination.Length;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The interval [low, high] is empty or has almost no probability mass.</exception>
    public override void TruncatedStandardNormal(Span<double> destination, double low, double high)
    {
        if (!(low < high))
        {
            throw new ArgumentException($"The cut-offs must satisfy low < high; got low={low}, high={high}.", nameof(low));
        }

        long start = Position;
        for (int j = 0; j < destination.Length; j++)
        {
            destination[j] = TruncatedAt(start + j, low, high);
        }

        Position = start + destination.Length;
    }

    private double TruncatedAt(long index, double low, double high)
    {
        for (uint attempt = 0; attempt < MaxTruncatedAttempts; attempt++)
        {
            var (z0, z1) = BoxMuller(index, TruncatedDomain, attempt);
            if (z0 >= low && z0 <= high)
            {
                return z0;
            }

            if (z1 >= low && z1 <= high)
            {
                return z1;
            }
        }

        throw TooLittleMass(low, high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (double Z0, double Z1) BoxMuller(long block, uint domain, uint attempt)
    {
        var (x0, x1, x2, x3) = Block(block, domain, attempt);
        double u1 = ((((ulong)x1 << 32) | x0) >> 11) * TwoPow53Inverse;
        double u2 = ((((ulong)x3 << 32) | x2) >> 11) * TwoPow53Inverse;
        double r = Math.Sqrt(-2.0 * Math.Log(1.0 - u1));
        var (sin, cos) = Math.SinCos(2.0 * Math.PI * u2);
        return (r * cos, r * sin);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (uint, uint, uint, uint) Block(long block, uint domain, uint attempt) =>
        Philox.Block((uint)block, (uint)((ulong)block >> 32), domain, attempt, _k0, _k1);
}
