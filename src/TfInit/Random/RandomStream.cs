namespace TfInit.Random;

/// <summary>
/// A source of random doubles that initializers draw from. Values are produced in element order:
/// a call that fills <c>n</c> elements consumes exactly what <c>n</c> single-element calls would.
/// </summary>
public abstract class RandomStream
{
    /// <summary>
    /// The most draws a truncated value may take before the cut-offs are judged to hold too little probability
    /// (an interval with mass p needs about 1 / p draws; 2^20 allows p down to about 1e-5 without a false alarm).
    /// </summary>
    protected const int MaxTruncatedAttempts = 1 << 20;

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

    /// <summary>The error for cut-offs that rejection sampling cannot reach in <see cref="MaxTruncatedAttempts"/> draws.</summary>
    /// <param name="low">Lower cut-off.</param>
    /// <param name="high">Upper cut-off.</param>
    /// <returns>The exception to throw.</returns>
    protected static ArgumentException TooLittleMass(double low, double high) => new(
        $"The cut-offs [{low}, {high}] (in standard deviations) hold too little probability to sample by rejection; "
        + "keep them within a few standard deviations of the mean.", nameof(low));
}
