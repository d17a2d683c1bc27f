#if !NET9_0_OR_GREATER
namespace TfInit.Random.Simd;

/// <summary>
/// Lane-by-lane stand-ins for the vector members .NET 9 added (<c>Vector.Round</c>, <c>Vector512.Round</c>,
/// <c>Indices</c>), for the net8.0 build only: the same values, more slowly (.NET 10 keeps the intrinsics).
/// </summary>
internal static class Lanes
{
    public delegate TVector FromSpan<TVector>(ReadOnlySpan<ulong> lanes);

    /// <summary>0, 1, 2, ... in every lane of a vector of <typeparamref name="TVector"/>.</summary>
    public static TVector Indices<TVector>(FromSpan<TVector> create)
    {
        Span<ulong> lanes = stackalloc ulong[64];
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = (ulong)i;
        }

        return create(lanes);
    }

    /// <summary>Rounds each value to the nearest integer, ties to even, as <c>Vector.Round</c> does.</summary>
    public static void Round(Span<double> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Round(values[i], MidpointRounding.ToEven);
        }
    }
}
#endif
