using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TfInit.Random.Simd;

/// <summary>
/// <see cref="ISimdWidth{TDouble, TBits}"/> on <see cref="Vector{T}"/>: the JIT's preferred width (128 bits on SSE and
/// NEON, 256 on AVX2; software lanes without SIMD).
/// </summary>
/// <remarks>
/// 64-bit integer conversions exist only on AVX-512, so integers become doubles by the exact magic-number trick: OR the
/// integer into the mantissa of 2^52 and subtract 2^52. A 53-bit uniform is two such halves, high * 2^-32 and
/// (low &gt;&gt; 11) * 2^-53: both exact, and so is their sum.
/// </remarks>
internal readonly struct PreferredWidth : ISimdWidth<Vector<double>, Vector<ulong>>
{
    private const double TwoPow52 = 4503599627370496.0;
    private const ulong TwoPow52Bits = 0x4330_0000_0000_0000;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Add(Vector<double> a, Vector<double> b) => a + b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Subtract(Vector<double> a, Vector<double> b) => a - b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Multiply(Vector<double> a, Vector<double> b) => a * b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Divide(Vector<double> a, Vector<double> b) => a / b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> And(Vector<double> a, Vector<double> b) => a & b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Or(Vector<double> a, Vector<double> b) => a | b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Xor(Vector<double> a, Vector<double> b) => a ^ b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Not(Vector<double> a) => ~a;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<ulong> And(Vector<ulong> a, Vector<ulong> b) => a & b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<ulong> Or(Vector<ulong> a, Vector<ulong> b) => a | b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<ulong> Xor(Vector<ulong> a, Vector<ulong> b) => a ^ b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<ulong> AddBits(Vector<ulong> a, Vector<ulong> b) => a + b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<ulong> ShiftLeft(Vector<ulong> a, int count) => a << count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<ulong> ShiftRight(Vector<ulong> a, int count) => a >>> count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsZero(Vector<ulong> a) => a == Vector<ulong>.Zero;

    /// <inheritdoc />
    public int Count => Vector<double>.Count;

    /// <inheritdoc />
#if NET9_0_OR_GREATER
    public Vector<ulong> Indices => Vector<ulong>.Indices;
#else
    public Vector<ulong> Indices => LaneIndices;

    private static readonly Vector<ulong> LaneIndices = Lanes.Indices(span => new Vector<ulong>(span));
#endif

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Create(double value) => new(value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<ulong> Create(ulong bits) => new(bits);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> ToDouble(Vector<ulong> integer) =>
        Vector.AsVectorDouble(integer | new Vector<ulong>(TwoPow52Bits)) - new Vector<double>(TwoPow52);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Unit(Vector<ulong> high, Vector<ulong> low) =>
        (ToDouble(high) * (1.0 / (1UL << 32))) + (ToDouble(low >>> 11) * (1.0 / (1UL << 53)));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> AsDouble(Vector<ulong> bits) => Vector.AsVectorDouble(bits);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<ulong> AsBits(Vector<double> values) => Vector.AsVectorUInt64(values);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<ulong> MultiplyLow32(Vector<ulong> a, Vector<ulong> b)
    {
        // One vpmuludq per vector; the generic 64-bit product (exact too, both factors being below 2^32) costs three.
        if (Vector<byte>.Count == 32 && Avx2.IsSupported)
        {
            return Avx2.Multiply(a.AsVector256().AsUInt32(), b.AsVector256().AsUInt32()).AsVector();
        }

        if (Vector<byte>.Count == 16 && Sse2.IsSupported)
        {
            return Sse2.Multiply(a.AsVector128().AsUInt32(), b.AsVector128().AsUInt32()).AsVector();
        }

        var low = new Vector<ulong>(0xFFFF_FFFFUL);
        return (a & low) * (b & low);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<ulong> EqualBits(Vector<ulong> a, Vector<ulong> b) => Vector.Equals(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Sqrt(Vector<double> values) => Vector.SquareRoot(values);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET9_0_OR_GREATER
    public Vector<double> Round(Vector<double> values) => Vector.Round(values);
#else
    public Vector<double> Round(Vector<double> values)
    {
        Span<double> lanes = stackalloc double[Vector<double>.Count];
        values.CopyTo(lanes);
        Lanes.Round(lanes);
        return new Vector<double>(lanes);
    }
#endif

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> LessThan(Vector<double> a, Vector<double> b) => Vector.AsVectorDouble(Vector.LessThan(a, b));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> GreaterThan(Vector<double> a, Vector<double> b) => Vector.AsVectorDouble(Vector.GreaterThan(a, b));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Select(Vector<double> mask, Vector<double> whenSet, Vector<double> whenClear) =>
        Vector.ConditionalSelect(mask, whenSet, whenClear);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint MostSignificantBits(Vector<double> values) =>
        Vector<byte>.Count == 32 ? values.AsVector256().ExtractMostSignificantBits() : values.AsVector128().ExtractMostSignificantBits();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<ulong> Load(ReadOnlySpan<ulong> values) => new(values);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<double> Load(ReadOnlySpan<double> values) => new(values);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(Vector<double> values, Span<double> destination) => values.CopyTo(destination);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StoreGroups(Vector<double> first, Vector<double> second, Span<double> chunk, int e)
    {
        // At most four lanes: a chunk is one group, and blocks e .. e + Count - 1 are its elements e .. and 4 + e ...
        first.CopyTo(chunk[e..]);
        second.CopyTo(chunk[(4 + e)..]);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StoreGrouped(Vector<ulong> first, Vector<ulong> second, Span<uint> destination)
    {
        // Vector<T> is at most 256 bits: four lanes are one group (or two lanes half of one), in the plain order.
        Vector.Narrow(first, second).CopyTo(destination);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (Vector<double> First, Vector<double> Second, Vector<double> Third, Vector<double> Fourth) SingleNormals(
        Vector<ulong> x0, Vector<ulong> x1, Vector<ulong> x2, Vector<ulong> x3)
    {
        // Narrowing two vectors of words fills one float vector: words 0 (then 1) of every lane, so the widened halves of
        // the results are the candidates themselves.
        var (cos, sin) = SingleMath.BoxMuller(Vector.Narrow(x0, x1), Vector.Narrow(x2, x3));
        Vector.Widen(cos, out var firstCos, out var secondCos);
        Vector.Widen(sin, out var firstSin, out var secondSin);
        return (firstCos, firstSin, secondCos, secondSin);
    }
}
