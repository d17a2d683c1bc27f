using System.Numerics;
using System.Runtime.CompilerServices;

namespace TfInit.Random;

/// <summary>
/// A bit-identical port of numpy's legacy global generator, <c>np.random.seed(seed)</c> /
/// <c>np.random.RandomState(seed)</c>: MT19937 seeded with <c>init_genrand</c>, 53-bit doubles
/// and the legacy polar Box-Muller gauss with its one-value cache.
/// </summary>
/// <remarks>
/// <para>
/// For the same seed and the same sequence of calls, every value equals numpy 1.x's output bit
/// for bit: <see cref="StandardNormal"/> is <c>randn</c> / <c>standard_normal</c>,
/// <see cref="Uniform(Span{double})"/> is <c>rand</c> / <c>random_sample</c>,
/// <see cref="Normal"/> is <c>normal(loc, scale)</c> and
/// <see cref="Uniform(Span{double}, double, double)"/> is <c>uniform(low, high)</c>.
/// A call that fills <c>n</c> elements consumes exactly what <c>n</c> single draws would, so a
/// numpy array of any shape corresponds to its row-major (C-order) flattening.
/// </para>
/// <para>
/// The gauss cache is shared by every normal-based method (numpy shares it between
/// <c>randn</c>, <c>standard_normal</c> and <c>normal</c>), while uniform draws neither use nor
/// clear it. This is numpy's legacy <c>RandomState</c> stream, not <c>np.random.default_rng</c>
/// (PCG64 + ziggurat), which produces different values.
/// </para>
/// <para>Instances are not thread-safe.</para>
/// </remarks>
public sealed class NumPyRandomState : RandomStream
{
    /// <summary>The largest seed numpy accepts for an integer seed, <c>2**32 - 1</c>.</summary>
    public const long MaxSeed = uint.MaxValue;

    private const int StateLength = 624;
    private const int ShiftSize = 397;
    private const uint MatrixA = 0x9908B0DFu;
    private const uint UpperMask = 0x80000000u;
    private const uint LowerMask = 0x7FFFFFFFu;

    private readonly uint[] _key = new uint[StateLength];
    private readonly uint[] _tempered = new uint[StateLength];
    private int _position;
    private bool _hasGauss;
    private double _gauss;

    /// <summary>
    /// Creates the state numpy builds for <c>np.random.seed(seed)</c> with an integer seed:
    /// MT19937 <c>init_genrand(seed)</c>
    /// (<c>key[0] = seed</c>, <c>key[i] = 1812433253 * (key[i-1] ^ (key[i-1] &gt;&gt; 30)) + i</c>),
    /// an empty gauss cache, and the first twist deferred to the first draw.
    /// </summary>
    /// <param name="seed">The seed, in <c>0 .. 2**32 - 1</c> (<see cref="MaxSeed"/>) as numpy requires.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seed"/> is negative or above <see cref="MaxSeed"/>.</exception>
    public NumPyRandomState(long seed)
    {
        if (seed is < 0 or > MaxSeed)
        {
            throw new ArgumentOutOfRangeException(
                nameof(seed),
                seed,
                $"Seed {seed} is outside the range numpy accepts for an integer seed: 0 to 2**32 - 1 ({MaxSeed}) inclusive.");
        }

        var key = _key;
        var value = (uint)seed;
        key[0] = value;
        for (var i = 1; i < StateLength; i++)
        {
            value = (1812433253u * (value ^ (value >> 30))) + (uint)i;
            key[i] = value;
        }

        _position = StateLength;
    }

    /// <summary>
    /// Returns the next U[0, 1) double, numpy's <c>random_sample()</c>:
    /// <c>(a * 2**26 + b) / 2**53</c> with <c>a = next32 &gt;&gt; 5</c> and <c>b = next32 &gt;&gt; 6</c>
    /// (two 32-bit outputs, <c>a</c> first).
    /// </summary>
    /// <returns>A double in [0, 1) with 53 random bits.</returns>
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary>
    /// Returns the next N(0, 1) double, numpy's legacy gauss (<c>randn()</c>): if a value is cached it
    /// is returned and the cache cleared; otherwise draw <c>x1 = 2u - 1</c>, <c>x2 = 2u - 1</c> until
    /// <c>0 &lt; r2 = x1*x1 + x2*x2 &lt; 1</c>, set <c>f = sqrt(-2 * log(r2) / r2)</c>, cache <c>f * x1</c>
    /// and return <c>f * x2</c>.
    /// </summary>
    /// <returns>A standard normal draw.</returns>
    public double NextGaussian()
    {
        if (_hasGauss)
        {
            _hasGauss = false;
            var cached = _gauss;
            _gauss = 0.0;
            return cached;
        }

        var f = NextPolarPair(out var x1, out var x2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with N(0, 1) draws, numpy's <c>randn(*shape)</c> /
    /// <c>standard_normal(shape)</c> in C order: each element is <see cref="NextGaussian"/>.
    /// </summary>
    /// <param name="destination">The values, in draw order.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void StandardNormal(Span<double> destination)
    {
        var i = 0;
        if (_hasGauss && destination.Length > 0)
        {
            destination[0] = NextGaussian();
            i = 1;
        }

        // Cache empty: whole pairs go straight to the output (second value, then the first).
        for (; i + 1 < destination.Length; i += 2)
        {
            var f = NextPolarPair(out var x1, out var x2);
            destination[i] = f * x2;
            destination[i + 1] = f * x1;
        }

        if (i < destination.Length)
        {
            destination[i] = NextGaussian();
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with U[0, 1) draws, numpy's <c>rand(*shape)</c> /
    /// <c>random_sample(shape)</c> in C order: each element is <see cref="NextDouble"/>.
    /// The gauss cache is left untouched.
    /// </summary>
    /// <param name="destination">The values, in draw order.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Uniform(Span<double> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = NextDouble();
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with N(0, 1) draws restricted to
    /// <c>[low, high]</c>: each element draws <see cref="NextGaussian"/> one at a time and redraws
    /// while the value is below <paramref name="low"/> or above <paramref name="high"/>.
    /// </summary>
    /// <remarks>
    /// numpy has no truncated normal; this sequential rejection rule is TfInit's definition on top
    /// of the numpy stream (rejected draws consume the stream and the gauss cache like any other).
    /// The expected number of draws per element is <c>1 / P(low &lt;= Z &lt;= high)</c>, so the
    /// interval must carry a reasonable share of the probability mass.
    /// </remarks>
    /// <param name="destination">The values, in draw order.</param>
    /// <param name="low">Lower cut-off, in standard deviations.</param>
    /// <param name="high">Upper cut-off, in standard deviations; must be greater than <paramref name="low"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="high"/> is not greater than <paramref name="low"/>, or either is NaN.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void TruncatedStandardNormal(Span<double> destination, double low, double high)
    {
        if (!(low < high))
        {
            throw new ArgumentOutOfRangeException(
                nameof(high),
                high,
                $"The truncation interval [{low}, {high}] is empty: high must be greater than low.");
        }

        for (var i = 0; i < destination.Length; i++)
        {
            double value = NextGaussian();
            for (int attempt = 1; value < low || value > high; attempt++)
            {
                if (attempt == MaxTruncatedAttempts)
                {
                    throw TooLittleMass(low, high);
                }

                value = NextGaussian();
            }

            destination[i] = value;
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with N(loc, scale²) draws, numpy's
    /// <c>normal(loc, scale, size)</c>: each element is <c>loc + scale * NextGaussian()</c>
    /// (the shared gauss cache included).
    /// </summary>
    /// <param name="destination">The values, in draw order.</param>
    /// <param name="loc">The mean.</param>
    /// <param name="scale">The standard deviation; numpy rejects negative values.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is negative or NaN.</exception>
    public void Normal(Span<double> destination, double loc, double scale)
    {
        if (!(scale >= 0.0))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be non-negative (numpy: 'scale < 0').");
        }

        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = loc + (scale * NextGaussian());
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with U[low, high) draws, numpy's
    /// <c>uniform(low, high, size)</c>: <c>range = high - low</c> is computed once, then each element
    /// is <c>low + range * NextDouble()</c>. As in numpy, <paramref name="high"/> may be below
    /// <paramref name="low"/>, and rounding can produce <paramref name="high"/> itself.
    /// </summary>
    /// <param name="destination">The values, in draw order.</param>
    /// <param name="low">The lower bound.</param>
    /// <param name="high">The upper bound.</param>
    /// <exception cref="ArgumentOutOfRangeException"><c>high - low</c> is not finite (numpy raises <c>OverflowError</c>).</exception>
    public void Uniform(Span<double> destination, double low, double high)
    {
        var range = high - low;
        if (!double.IsFinite(range))
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"high - low must be finite; got {high} - {low}.");
        }

        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = low + (range * NextDouble());
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double NextPolarPair(out double x1, out double x2)
    {
        double r2;
        do
        {
            x1 = (2.0 * NextDouble()) - 1.0;
            x2 = (2.0 * NextDouble()) - 1.0;
            r2 = (x1 * x1) + (x2 * x2);
        }
        while (r2 >= 1.0 || r2 == 0.0);

        return Math.Sqrt(-2.0 * Math.Log(r2) / r2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint NextUInt32()
    {
        if (_position >= StateLength)
        {
            Refill();
        }

        return _tempered[_position++];
    }

    /// <summary>
    /// Advances the MT19937 state by one block (numpy's <c>mt19937_gen</c>) and stores the 624
    /// tempered outputs, so a draw is one array read. Both steps use SIMD where available; the
    /// twist recurrence reaches back 227 words, more than one vector, so lanes never alias.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Refill()
    {
        var key = _key.AsSpan();
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var upper = new Vector<uint>(UpperMask);
            var lower = new Vector<uint>(LowerMask);
            var one = Vector<uint>.One;
            var matrix = new Vector<uint>(MatrixA);
            var width = Vector<uint>.Count;
            for (; i + width <= StateLength - ShiftSize; i += width)
            {
                var y = (new Vector<uint>(key[i..]) & upper) | (new Vector<uint>(key[(i + 1)..]) & lower);
                var mag = Vector.Equals(y & one, one) & matrix;
                (new Vector<uint>(key[(i + ShiftSize)..]) ^ Vector.ShiftRightLogical(y, 1) ^ mag).CopyTo(key[i..]);
            }

            TwistScalar(key, i, StateLength - ShiftSize);
            i = StateLength - ShiftSize;
            for (; i + width <= StateLength - 1; i += width)
            {
                var y = (new Vector<uint>(key[i..]) & upper) | (new Vector<uint>(key[(i + 1)..]) & lower);
                var mag = Vector.Equals(y & one, one) & matrix;
                (new Vector<uint>(key[(i + ShiftSize - StateLength)..]) ^ Vector.ShiftRightLogical(y, 1) ^ mag).CopyTo(key[i..]);
            }
        }

        TwistScalar(key, i, StateLength - 1);
        var last = (key[StateLength - 1] & UpperMask) | (key[0] & LowerMask);
        key[StateLength - 1] = key[ShiftSize - 1] ^ (last >> 1) ^ ((0u - (last & 1u)) & MatrixA);

        var output = _tempered.AsSpan();
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var b = new Vector<uint>(0x9D2C5680u);
            var c = new Vector<uint>(0xEFC60000u);
            for (; j + Vector<uint>.Count <= StateLength; j += Vector<uint>.Count)
            {
                var y = new Vector<uint>(key[j..]);
                y ^= Vector.ShiftRightLogical(y, 11);
                y ^= Vector.ShiftLeft(y, 7) & b;
                y ^= Vector.ShiftLeft(y, 15) & c;
                y ^= Vector.ShiftRightLogical(y, 18);
                y.CopyTo(output[j..]);
            }
        }

        for (; j < StateLength; j++)
        {
            var y = key[j];
            y ^= y >> 11;
            y ^= (y << 7) & 0x9D2C5680u;
            y ^= (y << 15) & 0xEFC60000u;
            y ^= y >> 18;
            output[j] = y;
        }

        _position = 0;
    }

    private static void TwistScalar(Span<uint> key, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var y = (key[i] & UpperMask) | (key[i + 1] & LowerMask);
            var source = i < StateLength - ShiftSize ? i + ShiftSize : i + ShiftSize - StateLength;
            key[i] = key[source] ^ (y >> 1) ^ ((0u - (y & 1u)) & MatrixA);
        }
    }
}
