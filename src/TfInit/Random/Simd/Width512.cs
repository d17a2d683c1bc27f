using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TfInit.Random.Simd;

/// <summary>
/// <see cref="ISimdWidth{TDouble, TBits}"/> on <see cref="Vector512{T}"/>, for machines where it is hardware accelerated
/// (AVX-512): <see cref="System.Numerics.Vector{T}"/> stays at 256 bits there unless the user sets
/// <c>DOTNET_PreferredVectorBitWidth=512</c>, and the wider vector halves the instructions per value.
/// </summary>
internal readonly struct Width512 : ISimdWidth<Vector512<double>, Vector512<ulong>>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Divide(Vector512<double> a, Vector512<double> b) => a / b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> And(Vector512<double> a, Vector512<double> b) => a & b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Or(Vector512<double> a, Vector512<double> b) => a | b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Xor(Vector512<double> a, Vector512<double> b) => a ^ b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Not(Vector512<double> a) => ~a;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> And(Vector512<ulong> a, Vector512<ulong> b) => a & b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Or(Vector512<ulong> a, Vector512<ulong> b) => a | b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Xor(Vector512<ulong> a, Vector512<ulong> b) => a ^ b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> AddBits(Vector512<ulong> a, Vector512<ulong> b) => a + b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> ShiftLeft(Vector512<ulong> a, int count) => a << count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> ShiftRight(Vector512<ulong> a, int count) => a >>> count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsZero(Vector512<ulong> a) => a == Vector512<ulong>.Zero;

    /// <inheritdoc />
    public int Count => Vector512<double>.Count;

    /// <inheritdoc />
#if NET9_0_OR_GREATER
    public Vector512<ulong> Indices => Vector512<ulong>.Indices;
#else
    public Vector512<ulong> Indices => LaneIndices;

    private static readonly Vector512<ulong> LaneIndices = Lanes.Indices(span => Vector512.Create(span));
#endif

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Create(double value) => Vector512.Create(value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Create(ulong bits) => Vector512.Create(bits);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> ToDouble(Vector512<ulong> integer) => Vector512.ConvertToDouble(integer);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Unit(Vector512<ulong> high, Vector512<ulong> low) =>
        Vector512.ConvertToDouble(((high << 32) | low) >>> 11) * (1.0 / (1UL << 53));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> AsDouble(Vector512<ulong> bits) => bits.AsDouble();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> AsBits(Vector512<double> values) => values.AsUInt64();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> MultiplyLow32(Vector512<ulong> a, Vector512<ulong> b) =>
        Avx512F.IsSupported ? Avx512F.Multiply(a.AsUInt32(), b.AsUInt32()) : (a & Vector512.Create(0xFFFF_FFFFUL)) * (b & Vector512.Create(0xFFFF_FFFFUL));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> EqualBits(Vector512<ulong> a, Vector512<ulong> b) => Vector512.Equals(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Sqrt(Vector512<double> values) => Vector512.Sqrt(values);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET9_0_OR_GREATER
    public Vector512<double> Round(Vector512<double> values) => Vector512.Round(values);
#else
    public Vector512<double> Round(Vector512<double> values)
    {
        Span<double> lanes = stackalloc double[Vector512<double>.Count];
        values.CopyTo(lanes);
        Lanes.Round(lanes);
        return Vector512.Create<double>(lanes);
    }
#endif

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> LessThan(Vector512<double> a, Vector512<double> b) => Vector512.LessThan(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> GreaterThan(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThan(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Select(Vector512<double> mask, Vector512<double> whenSet, Vector512<double> whenClear) =>
        Vector512.ConditionalSelect(mask, whenSet, whenClear);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint MostSignificantBits(Vector512<double> values) => (uint)values.ExtractMostSignificantBits();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> Load(ReadOnlySpan<ulong> values) => Vector512.Create(values);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Load(ReadOnlySpan<double> values) => Vector512.Create(values);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(Vector512<double> values, Span<double> destination) => values.CopyTo(destination);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StoreGroups(Vector512<double> first, Vector512<double> second, Span<double> chunk, int e)
    {
        // Eight blocks are two whole groups (e is always 0).
        first.GetLower().CopyTo(chunk);
        second.GetLower().CopyTo(chunk[4..]);
        first.GetUpper().CopyTo(chunk[8..]);
        second.GetUpper().CopyTo(chunk[12..]);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StoreGrouped(Vector512<ulong> first, Vector512<ulong> second, Span<uint> destination)
    {
        // Eight lanes are two groups: quarters (first 0-3, first 4-7, second 0-3, second 4-7) go to places 0, 2, 1, 3.
        var words = Vector512.Narrow(first, second);
        Vector512.Shuffle(words, Vector512.Create(0u, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 12, 13, 14, 15)).CopyTo(destination);
    }

    /// <inheritdoc />
    // Not a hot path (PhiloxStream redraws the float layout on the preferred width): the lanes go through memory in
    // pieces of the float vectors SingleMath computes on.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public (Vector512<double> First, Vector512<double> Second, Vector512<double> Third, Vector512<double> Fourth) SingleNormals(
        Vector512<ulong> x0, Vector512<ulong> x1, Vector512<ulong> x2, Vector512<ulong> x3)
    {
        Span<uint> words = stackalloc uint[32];
        Vector512.Narrow(x0, x1).CopyTo(words);
        Vector512.Narrow(x2, x3).CopyTo(words[16..]);
        Span<float> values = stackalloc float[32];
        for (int j = 0; j < 16; j += Vector<float>.Count)
        {
            var (cos, sin) = SingleMath.BoxMuller(new Vector<uint>(words[j..]), new Vector<uint>(words[(16 + j)..]));
            cos.CopyTo(values[j..]);
            sin.CopyTo(values[(16 + j)..]);
        }

        // values: cosines of words 0 then words 1 of the eight lanes, then the sines.
        return (Widened(values[..8]), Widened(values[16..24]), Widened(values[8..16]), Widened(values[24..]));
    }

    private static Vector512<double> Widened(ReadOnlySpan<float> lanes)
    {
        Span<double> wide = stackalloc double[8];
        for (int l = 0; l < 8; l++)
        {
            wide[l] = lanes[l];
        }

        return Vector512.Create<double>(wide);
    }
}
