namespace TfInit.Random;

/// <summary>
/// A source of random doubles that initializers draw from. Values are produced in element order:
/// a call that fills <c>n</c> elements consumes exactly what <c>n</c> single-element calls would.
/// </summary>
public abstract class RandomStream
{
    /// <summary>Fills <paramref name="destination"/> with draws from N(0, 1).</summary>
    /// <param name="destination">The values, in draw order.</param>
    public abstract void StandardNormal(Span<double> destination);

    /// <summary>Fills <paramref name="destination"/> with draws from U[0, 1).</summary>
    /// <param name="destination">The values, in draw order.</param>
    public abstract void Uniform(Span<double> destination);

    /// <summary>
    /// Fills <paramref name="destination"/> with N(0, 1) draws conditioned on <c>low &lt;= x &lt;= high</c>:
    /// a draw outside the cut-offs is redrawn, never clamped.
    /// </summary>
    /// <param name="destination">The values, in draw order.</param>
    /// <param name="low">Lower cut-off, in standard deviations.</param>
    /// <param name="high">Upper cut-off, in standard deviations.</param>
    public abstract void TruncatedStandardNormal(Span<double> destination, double low, double high);
}
